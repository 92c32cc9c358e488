package org.starlane.bp.spi;

import java.util.List;
import java.util.Objects;
import org.starlane.bp.eid.EndpointId;

/**
 * What a {@link Router} decides for one bundle (RFC 9171 §5.4 step 2): forward it now, wait
 * (forwarding is contraindicated for now, §5.4.1, and will cease to be), fragment it first (§5.8),
 * or no route (forwarding failed, §5.4.2).
 */
public sealed interface RoutingDecision {

  /**
   * Forward the bundle now over these links (at least one; all of them up).
   *
   * @param links the links to send it on, each to a different next-hop node
   */
  record Forward(List<Link> links) implements RoutingDecision {
    public Forward {
      links = List.copyOf(links);
      if (links.isEmpty()) {
        throw new IllegalArgumentException("forward over at least one link");
      }
    }
  }

  /**
   * Keep the bundle and ask again at {@code atMillis} (on the agent's clock), for example at the
   * start of a planned contact. The agent also asks again whenever a link comes up.
   *
   * @param atMillis milliseconds since the Unix epoch on the agent's clock
   */
  record WaitUntil(long atMillis) implements RoutingDecision {}

  /**
   * Keep the bundle until a link to {@code nextHop} comes up, then ask again.
   *
   * @param nextHop the node ID of the next hop the bundle waits for
   */
  record WaitForLink(EndpointId nextHop) implements RoutingDecision {
    public WaitForLink {
      Objects.requireNonNull(nextHop, "nextHop");
    }
  }

  /**
   * Fragment the bundle before forwarding it (RFC 9171 §5.8, "to replace it with two fragments ...
   * whose payloads MUST be the first N and the last (M - N) bytes of the original bundle's
   * payload"): anticipatory fragmentation, for a router that knows how many bytes a coming contact
   * still carries (contact graph routing, CCSDS 734.3-B-1). The agent replaces the bundle with two
   * fragments, the first as large as it can be while its encoding is at most {@code
   * maxFirstFragmentSizeBytes}, the second with the rest of the payload; it stores both, only then
   * removes the original from its store, and dispatches each fragment again, so each gets a routing
   * decision of its own (the first fragment first).
   *
   * <p>The size is that of the fragment as the agent holds it, before the per-hop edits of §5.4
   * step 4 (Previous Node, Hop Count, Bundle Age), which add a few bytes on the way out. A bundle
   * flagged "bundle must not be fragmented" (§4.2.3) is never split, nor one whose encoding fits
   * already or that cannot be split so (its primary and extension blocks alone exceed the size, or
   * its payload has fewer than 2 bytes): a router should not ask for it; if one does, the agent
   * refuses, logs why, and treats forwarding as contraindicated (§5.4.1).
   *
   * @param maxFirstFragmentSizeBytes the largest encoding of the first fragment, at least 1
   */
  record Fragment(long maxFirstFragmentSizeBytes) implements RoutingDecision {
    public Fragment {
      if (maxFirstFragmentSizeBytes < 1) {
        throw new IllegalArgumentException(
            "first fragment size " + maxFirstFragmentSizeBytes + " is below 1 byte");
      }
    }
  }

  /**
   * No route to the destination from here: forwarding fails (RFC 9171 §5.4.2) and the bundle is
   * deleted with reason "no known route to destination from here".
   */
  record NoRoute() implements RoutingDecision {}
}
