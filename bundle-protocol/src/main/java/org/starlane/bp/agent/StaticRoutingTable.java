package org.starlane.bp.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Router;
import org.starlane.bp.spi.RoutingDecision;

/**
 * The simplest {@link Router} (RFC 9171 §5.4 step 2): a list of routes, each a destination pattern
 * and the node ID of the next hop; the first route whose pattern matches the bundle's destination
 * wins. The bundle goes over an up link to that next hop, or waits for one; if no route matches
 * there is no route. Patterns:
 *
 * <pre>
 *   ipn:3.1     exactly this endpoint ID (any EID text)
 *   ipn:3.*     every service of node 3 (also ipn:A.N.* with an allocator)
 *   *           every destination (a default route)
 * </pre>
 *
 * Immutable and thread-safe.
 */
public final class StaticRoutingTable implements Router {
  private final List<Route> routes;

  /** Each route's pattern, parsed once. */
  private final List<Predicate<EndpointId>> matchers;

  /**
   * @param routes the routes, in the order they are tried
   */
  public StaticRoutingTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    List<Predicate<EndpointId>> parsed = new ArrayList<>(this.routes.size());
    for (Route route : this.routes) {
      parsed.add(route.matcher());
    }
    this.matchers = List.copyOf(parsed);
  }

  /** A table of one route per pair: {@code of("ipn:3.*", ipn(2, 0), "*", ipn(4, 0))}. */
  public static StaticRoutingTable of(Object... patternsAndNextHops) {
    if (patternsAndNextHops.length % 2 != 0) {
      throw new IllegalArgumentException("expected pattern, next hop pairs");
    }
    Route[] routes = new Route[patternsAndNextHops.length / 2];
    for (int i = 0; i < routes.length; i++) {
      routes[i] =
          Route.of(
              (String) patternsAndNextHops[2 * i], (EndpointId) patternsAndNextHops[2 * i + 1]);
    }
    return new StaticRoutingTable(List.of(routes));
  }

  public List<Route> routes() {
    return routes;
  }

  /** This table with {@code route} appended (tried last). */
  public StaticRoutingTable with(Route route) {
    List<Route> more = new ArrayList<>(routes);
    more.add(route);
    return new StaticRoutingTable(more);
  }

  @Override
  public RoutingDecision route(Bundle bundle, Collection<Link> linksUp, long nowMillis) {
    EndpointId destination = bundle.primary().destination();
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      if (matchers.get(i).test(destination)) {
        for (Link link : linksUp) {
          if (link.peerNodeId().equals(route.nextHop())) {
            return new RoutingDecision.Forward(List.of(link));
          }
        }
        return new RoutingDecision.WaitForLink(route.nextHop());
      }
    }
    return new RoutingDecision.NoRoute();
  }

  @Override
  public String toString() {
    return "StaticRoutingTable" + routes;
  }

  /**
   * One route: bundles whose destination matches {@code pattern} go to {@code nextHop}.
   *
   * @param pattern an EID, {@code ipn:N.*} / {@code ipn:A.N.*}, or {@code *}
   * @param nextHop the node ID of the next hop
   */
  public record Route(String pattern, EndpointId nextHop) {
    public Route {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(nextHop, "nextHop");
      if (!nextHop.isNodeId()) {
        throw new IllegalArgumentException("next hop " + nextHop + " is not a node ID");
      }
      if (!pattern.equals("*")) {
        // validates the pattern: an EID, or a node wildcard whose node ID parses
        EndpointId.parse(pattern.endsWith(".*") ? nodePart(pattern) + ".0" : pattern);
      }
    }

    public static Route of(String pattern, EndpointId nextHop) {
      return new Route(pattern, nextHop);
    }

    private static String nodePart(String pattern) {
      return pattern.substring(0, pattern.length() - 2);
    }

    /** Whether {@code destination} matches this route's pattern. */
    public boolean matches(EndpointId destination) {
      return matcher().test(destination);
    }

    Predicate<EndpointId> matcher() {
      if (pattern.equals("*")) {
        return destination -> true;
      }
      if (pattern.endsWith(".*")) {
        EndpointId node = EndpointId.parse(nodePart(pattern) + ".0");
        return destination ->
            destination instanceof IpnEndpoint && destination.nodeId().equals(node);
      }
      EndpointId exact = EndpointId.parse(pattern);
      return exact::equals;
    }

    @Override
    public String toString() {
      return pattern + " via " + nextHop;
    }
  }
}
