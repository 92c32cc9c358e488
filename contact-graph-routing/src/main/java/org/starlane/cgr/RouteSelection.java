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
 *       not yet sent in the first hop at the bundle's priority or higher; on each later hop at
 *       {@code max(arrival at its sender, start)}; the last byte leaves {@code size / rate} after
 *       the first and arrives one light time later;
 *   <li>the projected arrival is no later than the bundle's deadline (end of lifetime);
 *   <li>the route volume limit (§3.2.6.8.10) covers the estimated volume consumption (size + 3 %,
 *       at least 100 bytes). It is the smallest, over the route's hops, of the effective volume
 *       limit (§3.2.6.8.9): the lesser of the hop's residual volume for the bundle's priority and
 *       {@code rate × (effective stop − first byte)}, the effective stop time being the earliest
 *       end among this hop and the hops after it. So a contact that is mostly over, or whose
 *       remaining time is taken by the backlog, carries only what its remaining time can. A route
 *       that fails this is skipped or, when the bundle may be fragmented, remembered for
 *       anticipatory fragmentation.
 * </ol>
 *
 * The best candidate by SABR's keys — projected arrival, then hops, then latest termination, then
 * smallest entry node — is chosen and booked ({@link ContactVolumes}); the search stops as soon as
 * a route's best-case delivery time exceeds the best projected arrival found. A critical bundle
 * gets the best candidate of every neighbour.
 *
 * <p>Anticipatory fragmentation (CCSDS 734.3-B-1, ION's {@code cgr.c} and {@code ipnfw.c}): when no
 * route can take the whole bundle and it may be fragmented, each remembered route offers the
 * largest first fragment whose estimated consumption fits the route volume limit projected for that
 * fragment and which arrives by the deadline, provided that it is at least the request's smallest
 * useful fragment and smaller than the bundle (on a one-hop route: {@link
 * ForwardingRequest#largestSizeWithin} of the limit, about limit × 100 / 103). The best such route
 * (by the same keys, for the fragment) yields a {@link ForwardingDecision.Fragment}, and the
 * fragment's consumption is booked.
 *
 * <p>Confined to the router's thread.
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

  /**
   * The bundle was handed to the link of its first hop at {@code nowMillis}: it leaves the queue,
   * its volume stays used, and the contact is busy until its bytes have gone at the contact's rate.
   */
  public void sent(Object key, long nowMillis) {
    volumes.markSent(key, nowMillis);
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
      Projection whole = project(path, request.sizeBytes(), request.priority(), nowMillis);
      if (whole.volumeLimitBytes < ecc) {
        lastReason =
            whole.limitedByTime
                ? "the bundle does not fit in the contacts' remaining time"
                : "every route's residual volume is depleted";
        if (request.mayFragment()) {
          Candidate c = firstFragment(route, path, request, nowMillis);
          if (c != null && (bestFragment == null || c.betterThan(bestFragment))) {
            bestFragment = c;
          }
        }
        continue;
      }
      if (whole.arrivalMillis > request.deadlineMillis()) {
        lastReason = "no route delivers before the bundle's deadline";
        continue;
      }
      Candidate c = new Candidate(route, path, whole, request.sizeBytes());
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
        long booked = ForwardingRequest.estimatedVolumeConsumption(bestFragment.sizeBytes);
        List<Object> bumped = book(request, bestFragment.path, booked);
        return new ForwardingDecision.Fragment(
            bestFragment.assignment(booked), bestFragment.sizeBytes, bumped);
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

  /**
   * Anticipatory fragmentation on {@code route}: the largest first fragment, at least the request's
   * smallest useful fragment and smaller than the bundle, whose estimated consumption fits the
   * route volume limit projected for it and which arrives by the deadline; null if none. The limit
   * only grows as the fragment shrinks (a smaller fragment reaches each later hop no later), and
   * the consumption and arrival only shrink, so the sizes that fit are a prefix and a binary search
   * finds the largest.
   */
  private Candidate firstFragment(
      Route route, int[] path, ForwardingRequest request, long nowMillis) {
    long lo = request.minFragmentBytes();
    Projection smallest = project(path, lo, request.priority(), nowMillis);
    if (lo >= request.sizeBytes() || !fits(smallest, lo, request)) {
      return null;
    }
    long hi =
        Math.min(
            request.sizeBytes() - 1,
            ForwardingRequest.largestSizeWithin(smallest.volumeLimitBytes));
    Projection atHi = project(path, hi, request.priority(), nowMillis);
    if (fits(atHi, hi, request)) {
      return new Candidate(route, path, atHi, hi); // so on a one-hop route, unless the deadline
      // is what the larger sizes miss
    }
    Projection atLo = smallest;
    while (hi - lo > 1) { // lo fits, hi does not
      long mid = lo + (hi - lo) / 2;
      Projection p = project(path, mid, request.priority(), nowMillis);
      if (fits(p, mid, request)) {
        lo = mid;
        atLo = p;
      } else {
        hi = mid;
      }
    }
    return new Candidate(route, path, atLo, lo);
  }

  private static boolean fits(Projection p, long sizeBytes, ForwardingRequest request) {
    return p.volumeLimitBytes >= ForwardingRequest.estimatedVolumeConsumption(sizeBytes)
        && p.arrivalMillis <= request.deadlineMillis();
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

  /**
   * A bundle's projected times along a route and the route volume limit that applies to it.
   *
   * @param firstTransmissionMillis when its first byte leaves: the earliest transmission
   *     opportunity
   * @param arrivalMillis when its last byte reaches the destination
   * @param volumeLimitBytes the route volume limit for it (0 if some hop has no time left)
   * @param limitedByTime whether that limit is set by a hop's remaining time rather than by its
   *     residual volume
   */
  private record Projection(
      long firstTransmissionMillis,
      long arrivalMillis,
      long volumeLimitBytes,
      boolean limitedByTime) {}

  /**
   * Projects a bundle of {@code sizeBytes} along {@code path} (CCSDS 734.3-B-1 §3.2.6.2–§3.2.6.8,
   * as ION's {@code computePBAT}). On the first hop the first byte leaves at the earliest
   * transmission opportunity, {@code max(now, start, end of what is on the link) + backlog / rate};
   * on each later hop at {@code max(arrival of the last byte at its sender, start)}; the last byte
   * leaves {@code size / rate} later and arrives one light time after that. Each hop's effective
   * volume limit (§3.2.6.8.9) is the lesser of its residual volume for {@code priority} and {@code
   * rate × (effective stop − first byte)}, where the effective stop time is the earliest end among
   * this hop and the hops after it; the route volume limit (§3.2.6.8.10) is the smallest of those.
   */
  private Projection project(int[] path, long sizeBytes, Priority priority, long now) {
    long stop = Long.MAX_VALUE;
    long[] stops = new long[path.length];
    for (int i = path.length - 1; i >= 0; i--) {
      stop = Math.min(stop, graph.contact(path[i]).endMillis());
      stops[i] = stop;
    }
    long t = now;
    long first = 0;
    long limit = Long.MAX_VALUE;
    boolean limitedByTime = false;
    for (int i = 0; i < path.length; i++) {
      Contact c = graph.contact(path[i]);
      long tx = Math.max(t, c.startMillis());
      if (i == 0) {
        tx = Math.max(tx, volumes.sendingUntilMillis(path[0]));
        tx = saturatingAdd(tx, transmitMillis(volumes.backlog(path[0], priority), c));
        first = tx;
      }
      long timeVolume = tx < stops[i] ? Nodes.volumeBytes(c.rateBytesPerSecond(), tx, stops[i]) : 0;
      long residual = volumes.residual(path[i], priority);
      long hopLimit = Math.min(timeVolume, residual);
      if (hopLimit < limit) {
        limit = hopLimit;
        limitedByTime = timeVolume < residual;
      }
      long last = saturatingAdd(tx, transmitMillis(sizeBytes, c));
      t = saturatingAdd(last, graph.owltMillis(path[i]));
    }
    return new Projection(first, t, Math.max(0, limit), limitedByTime);
  }

  private static long transmitMillis(long bytes, Contact c) {
    return Nodes.transmitMillis(bytes, c.rateBytesPerSecond());
  }

  private static long saturatingAdd(long a, long b) {
    return Nodes.saturatingAdd(a, b);
  }

  private static final class Candidate {
    final Route route;
    final int[] path;
    final long first;
    final long arrival;
    final long sizeBytes;

    Candidate(Route route, int[] path, Projection projection, long sizeBytes) {
      this.route = route;
      this.path = path;
      this.first = projection.firstTransmissionMillis;
      this.arrival = projection.arrivalMillis;
      this.sizeBytes = sizeBytes;
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
