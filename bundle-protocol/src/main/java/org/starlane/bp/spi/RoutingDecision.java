package org.starlane.bp.spi;

import java.util.List;
import java.util.Objects;
import org.starlane.bp.eid.EndpointId;

/**
 * What a {@link Router} decides for one bundle (RFC 9171 §5.4 step 2): forward it now, wait
 * (forwarding is contraindicated for now, §5.4.1, and will cease to be), or no route (forwarding
 * failed, §5.4.2).
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
   * No route to the destination from here: forwarding fails (RFC 9171 §5.4.2) and the bundle is
   * deleted with reason "no known route to destination from here".
   */
  record NoRoute() implements RoutingDecision {}
}
