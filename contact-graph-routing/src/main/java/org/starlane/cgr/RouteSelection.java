package org.starlane.cgr;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.starlane.cgr.ForwardingDecision.Assignment;

/**
 * SABR's forwarding rules for a local node (CCSDS 734.3-B-1 §3.2.6, as ION's {@code cgr.c} applies
 * them): for each bundle, the routes to its destination are taken from a per-destination {@link
 * RouteList} (computed lazily, cached until the plan changes or the best cached route ends), in
 * non-decreasing best delivery time, and each is checked:
 *
 * <ol>
 *   <li>the route has not terminated, and its entry node is not an excluded neighbour;
 *   <li>the projected bundle arrival time: the first byte leaves at the earliest transmission
 *       opportunity, {@code max(now, first hop start) + backlog / rate}, where the backlog is the
 *       volume (estimated consumption, so convergence-layer overhead included) already booked and
 *       not yet sent in the first hop at the bundle's priority or higher; on each hop the last byte
 *       leaves {@code size / rate} after the first, which must be no later than the hop's end; it
 *       arrives one light time later and waits for the next hop's start;
 *   <li>the projected arrival is no later than the bundle's deadline (end of lifetime);
 *   <li>the route's residual volume for the bundle's priority (the smallest on its hops) covers the
 *       estimated volume consumption (size + 3 %, at least 100 bytes); a depleted route is skipped,
 *       or, when the bundle may be fragmented, remembered for anticipatory fragmentation.
 * </ol>
 *
 * The best candidate by SABR's keys — projected arrival, then hops, then latest termination, then
 * smallest entry node — is chosen and booked ({@link ContactVolumes}); the search stops as soon as
 * a route's best-case delivery time exceeds the best projected arrival found. A critical bundle
 * gets the best candidate of every neighbour.
 *
 * <p>Anticipatory fragmentation (CCSDS 734.3-B-1, ION's {@code cgr.c}): when no route can take the
 * whole bundle and it may be fragmented, the best remembered route (by the same keys, its arrival
 * projected for the fragment) yields a {@link ForwardingDecision.Fragment}: the first fragment's
 * size is the largest whose estimated consumption fits the route's residual volume ({@link
 * ForwardingRequest#largestSizeWithin}, about residual × 100 / 103), provided that it is at least
 * the request's smallest useful fragment and smaller than the bundle; that volume is booked.
 * Confined to the router's thread.
 */
public final class RouteSelection {

  /** Default cap on the routes examined for one bundle. */
  public static final int DEFAULT_MAX_ROUTES = 64;

  private final long localNode;
  private final int maxRoutes;
  private ContactGraph graph;
  private ContactVolumes volumes;
  private final BitSet suppressed = new BitSet();
  private final Map<Long, RouteList> routeLists = new HashMap<>();
  private final Map<Object, int[]> bookedPaths = new HashMap<>();

  public RouteSelection(long localNode, ContactPlan plan, int maxRoutes) {
    if (maxRoutes < 1) {
      throw new IllegalArgumentException("maxRoutes " + maxRoutes + " is below 1");
    }
    this.localNode = localNode;
    this.maxRoutes = maxRoutes;
    replacePlan(plan);
  }

  /** The local node's ipn node number. */
  public long localNode() {
    return localNode;
  }

  /** The current contact graph. */
  public ContactGraph graph() {
    return graph;
  }

  /** The current volume bookkeeping. */
  public ContactVolumes volumes() {
    return volumes;
  }

  /**
   * Replaces the contact plan: the route cache, the bookings and the suppressed contacts are
   * dropped (every bundle is routed afresh).
   */
  public void replacePlan(ContactPlan plan) {
    this.graph = ContactGraph.of(Objects.requireNonNull(plan, "plan"));
    this.volumes = new ContactVolumes(graph);
    suppressed.clear();
    routeLists.clear();
    bookedPaths.clear();
  }

  /**
   * The route list to {@code destination} for {@code nowMillis}: the cached one, unless the plan
   * changed, a contact was suppressed, or its best route has terminated.
   */
  public RouteList routes(long destination, long nowMillis) {
    RouteList list = routeLists.get(destination);
    if (list != null) {
      Route best = list.get(0);
      if (best == null
          ? list.computedAtMillis() == nowMillis
          : best.terminationMillis() > nowMillis) {
        return list;
      }
    }
    list = new RouteList(graph, localNode, destination, nowMillis, suppressed);
    routeLists.put(destination, list);
    return list;
  }

  /**
   * Marks the contacts from this node to {@code neighbour} that are open at {@code nowMillis} as
   * unusable (their link failed); bundles booked into them must be routed again. Returns the keys
   * of those bookings, now released.
   */
  public List<Object> suppressOpenContacts(long neighbour, long nowMillis) {
    List<Object> affected = new ArrayList<>();
    boolean changed = false;
    for (Contact c : graph.plan().contactsFrom(localNode)) {
      int i = graph.indexOf(c);
      if (i >= 0 && c.to() == neighbour && c.isOpenAt(nowMillis) && !suppressed.get(i)) {
        suppressed.set(i);
        changed = true;
        for (Map.Entry<Object, int[]> e : bookedPaths.entrySet()) {
          if (e.getValue()[0] == i) {
            affected.add(e.getKey());
          }
        }
      }
    }
    affected.forEach(this::release);
    if (changed) {
      routeLists.clear();
    }
    return affected;
  }

  /** Makes the contacts to {@code neighbour} open at {@code nowMillis} usable again. */
  public void restoreOpenContacts(long neighbour, long nowMillis) {
    boolean changed = false;
    for (Contact c : graph.plan().contactsFrom(localNode)) {
      int i = graph.indexOf(c);
      if (i >= 0 && c.to() == neighbour && c.isOpenAt(nowMillis) && suppressed.get(i)) {
        suppressed.clear(i);
        changed = true;
      }
    }
    if (changed) {
      routeLists.clear();
    }
  }

  /** Whether {@code contact} is suppressed (its link failed while it was open). */
  public boolean isSuppressed(Contact contact) {
    int i = graph.indexOf(contact);
    return i >= 0 && suppressed.get(i);
  }

  /** Whether {@code key} holds a booking. */
  public boolean isBooked(Object key) {
    return bookedPaths.containsKey(key);
  }

  /** The bundle left over its first hop: its bytes leave the backlog; the volume stays used. */
  public void sent(Object key) {
    volumes.markSent(key);
    volumes.release(key);
    bookedPaths.remove(key);
  }

  /** Forgets {@code key}'s booking and gives its volume back. */
  public void release(Object key) {
    volumes.release(key);
    bookedPaths.remove(key);
  }

  /** Applies the forwarding rules to one bundle at {@code nowMillis} and books the result. */
  public ForwardingDecision select(ForwardingRequest request, long nowMillis) {
    if (bookedPaths.containsKey(request.bundleKey())) {
      release(request.bundleKey());
    }
    if (request.destination() == localNode) {
      return new ForwardingDecision.NoRoute("the destination is this node", 0);
    }
    RouteList list = routes(request.destination(), nowMillis);
    long ecc = request.estimatedVolumeConsumption();
    Candidate best = null;
    Candidate bestFragment = null;
    Map<Long, Candidate> perNeighbour = new LinkedHashMap<>();
    int considered = 0;
    String lastReason = "no route in the contact plan";
    for (int k = 0; k < maxRoutes; k++) {
      Route route = list.get(k);
      if (route == null) {
        break;
      }
      considered++;
      if (route.bestDeliveryMillis() > request.deadlineMillis()) {
        lastReason = "no route delivers before the bundle's deadline";
        break;
      }
      if (!request.critical() && best != null && route.bestDeliveryMillis() > best.arrival) {
        break;
      }
      if (route.terminationMillis() <= nowMillis) {
        continue;
      }
      if (request.excludedNeighbours().contains(route.entryNode())) {
        lastReason = "every route goes through an excluded neighbour";
        continue;
      }
      int[] path = path(route);
      long residual = volumes.routeResidual(path, request.priority());
      if (residual < ecc) {
        lastReason = "every route's residual volume is depleted";
        long fragmentBytes =
            residual >= 100 ? ForwardingRequest.largestSizeWithin(residual) : Long.MIN_VALUE;
        if (request.mayFragment()
            && fragmentBytes >= request.minFragmentBytes()
            && fragmentBytes < request.sizeBytes()) {
          long[] times = project(path, request.sizeBytes(), request.priority(), nowMillis);
          times =
              times != null ? times : project(path, fragmentBytes, request.priority(), nowMillis);
          if (times != null && times[1] <= request.deadlineMillis()) {
            Candidate c = new Candidate(route, path, times[0], times[1]);
            if (bestFragment == null || c.betterThan(bestFragment)) {
              bestFragment = c;
            }
          }
        }
        continue;
      }
      long[] times = project(path, request.sizeBytes(), request.priority(), nowMillis);
      if (times == null) {
        lastReason = "the bundle does not fit in the contacts' remaining time";
        continue;
      }
      if (times[1] > request.deadlineMillis()) {
        lastReason = "no route delivers before the bundle's deadline";
        continue;
      }
      Candidate c = new Candidate(route, path, times[0], times[1]);
      if (best == null || c.betterThan(best)) {
        best = c;
      }
      Candidate n = perNeighbour.get(route.entryNode());
      if (n == null || c.betterThan(n)) {
        perNeighbour.put(route.entryNode(), c);
      }
    }
    if (best == null) {
      if (bestFragment != null) {
        long residual = volumes.routeResidual(bestFragment.path, request.priority());
        long fragmentBytes = ForwardingRequest.largestSizeWithin(residual);
        long booked = ForwardingRequest.estimatedVolumeConsumption(fragmentBytes);
        List<Object> bumped = book(request, bestFragment.path, booked);
        return new ForwardingDecision.Fragment(
            bestFragment.assignment(booked), fragmentBytes, bumped);
      }
      return new ForwardingDecision.NoRoute(lastReason, considered);
    }
    List<Candidate> chosen =
        request.critical() ? new ArrayList<>(perNeighbour.values()) : List.of(best);
    if (request.critical()) {
      chosen.sort((a, b) -> a.betterThan(b) ? -1 : b.betterThan(a) ? 1 : 0);
    }
    List<Assignment> assignments = new ArrayList<>();
    List<Object> bumped = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Candidate c = chosen.get(i);
      Object key =
          i == 0 ? request.bundleKey() : new CopyKey(request.bundleKey(), c.route.entryNode());
      bumped.addAll(book(request.withKey(key), c.path, ecc));
      assignments.add(c.assignment(ecc));
    }
    return new ForwardingDecision.Forward(assignments, bumped);
  }

  /** The key under which the copy of a critical bundle to {@code neighbour} is booked. */
  public record CopyKey(Object bundleKey, long neighbour) {}

  private List<Object> book(ForwardingRequest request, int[] path, long bytes) {
    List<Object> bumped = volumes.book(request.bundleKey(), path, request.priority(), bytes);
    bookedPaths.put(request.bundleKey(), path);
    for (Object k : bumped) {
      bookedPaths.remove(k);
    }
    return bumped;
  }

  private int[] path(Route route) {
    int[] p = new int[route.hopCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = graph.indexOf(route.hops().get(i));
    }
    return p;
  }

  /** {first transmission, projected arrival}, or null if the bundle does not fit in time. */
  private long[] project(int[] path, long sizeBytes, Priority priority, long now) {
    long t = now;
    long first = 0;
    for (int i = 0; i < path.length; i++) {
      Contact c = graph.contact(path[i]);
      long tx = Math.max(t, c.startMillis());
      if (i == 0) {
        tx = saturatingAdd(tx, transmitMillis(volumes.backlog(path[0], priority), c));
        first = tx;
      }
      if (tx >= c.endMillis()) {
        return null;
      }
      long last = saturatingAdd(tx, transmitMillis(sizeBytes, c));
      if (last > c.endMillis()) {
        return null;
      }
      t = last + graph.owltMillis(path[i]);
    }
    return new long[] {first, t};
  }

  private static long transmitMillis(long bytes, Contact c) {
    long rate = c.rateBytesPerSecond();
    long whole = bytes / rate;
    long rest = bytes % rate;
    if (whole > Long.MAX_VALUE / 2000) {
      return Long.MAX_VALUE / 2;
    }
    return whole * 1000 + (rest * 1000 + rate - 1) / rate;
  }

  private static long saturatingAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  private static final class Candidate {
    final Route route;
    final int[] path;
    final long first;
    final long arrival;

    Candidate(Route route, int[] path, long first, long arrival) {
      this.route = route;
      this.path = path;
      this.first = first;
      this.arrival = arrival;
    }

    boolean betterThan(Candidate o) {
      if (arrival != o.arrival) {
        return arrival < o.arrival;
      }
      if (route.hopCount() != o.route.hopCount()) {
        return route.hopCount() < o.route.hopCount();
      }
      if (route.terminationMillis() != o.route.terminationMillis()) {
        return route.terminationMillis() > o.route.terminationMillis();
      }
      return route.entryNode() < o.route.entryNode();
    }

    Assignment assignment(long booked) {
      return new Assignment(route, first, arrival, booked);
    }
  }
}
