package org.starlane.cgr;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of the SABR forwarding rules for one bundle ({@link RouteSelection#select}): expected
 * outcomes, not exceptions. Immutable, thread-safe.
 */
public sealed interface ForwardingDecision {

  /**
   * One route chosen for the bundle, with the times projected for it.
   *
   * @param route the route
   * @param firstTransmissionMillis when its first byte is projected to leave (after the backlog)
   * @param projectedArrivalMillis when its last byte is projected to reach the destination
   * @param bookedBytes the volume booked into each hop of the route
   */
  record Assignment(
      Route route, long firstTransmissionMillis, long projectedArrivalMillis, long bookedBytes) {
    public Assignment {
      Objects.requireNonNull(route, "route");
    }

    /** The neighbour the bundle goes to. */
    public long neighbour() {
      return route.entryNode();
    }
  }

  /**
   * Forward the bundle over these routes: one route, or, for a critical bundle, the best route to
   * each neighbour that has one. Bookings are made.
   *
   * @param assignments at least one, each to a different neighbour
   * @param bumped keys of lower-priority bundles whose bookings this one displaced (overbooking):
   *     they must be routed again
   */
  record Forward(List<Assignment> assignments, List<Object> bumped) implements ForwardingDecision {
    public Forward {
      assignments = List.copyOf(assignments);
      bumped = List.copyOf(bumped);
      if (assignments.isEmpty()) {
        throw new IllegalArgumentException("forward over at least one route");
      }
    }

    /** The single (or first) assignment. */
    public Assignment best() {
      return assignments.get(0);
    }
  }

  /**
   * Anticipatory fragmentation: no route has the volume and the time for the whole bundle, but this
   * one has them for a first fragment of {@code fragmentBytes} (encoded bytes, the largest size
   * whose estimated volume consumption fits the route volume limit projected for it, CCSDS
   * 734.3-B-1 §3.2.6.8.10); that consumption is booked.
   *
   * @param assignment the route for the first fragment, with its booked volume
   * @param fragmentBytes the largest encoded size of the first fragment
   * @param bumped keys of lower-priority bundles whose bookings this one displaced
   */
  record Fragment(Assignment assignment, long fragmentBytes, List<Object> bumped)
      implements ForwardingDecision {
    public Fragment {
      Objects.requireNonNull(assignment, "assignment");
      bumped = List.copyOf(bumped);
    }
  }

  /**
   * No route can deliver the bundle before its deadline (RFC 9171 §5.4.2).
   *
   * @param reason why, for logs and the CLI
   * @param routesConsidered how many routes were looked at
   */
  record NoRoute(String reason, int routesConsidered) implements ForwardingDecision {
    public NoRoute {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
