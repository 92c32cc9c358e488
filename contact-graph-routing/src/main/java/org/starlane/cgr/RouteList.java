package org.starlane.cgr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The routes from one node to one destination, best first, computed lazily: the first by Dijkstra
 * ({@link ContactGraph}), each next one by Yen's k-shortest-paths algorithm with Lawler's
 * modification (spur paths are searched only from the hop where the last route deviated from its
 * parent, since the earlier spur points were searched already), as ION's {@code cgr.c} and the CGR
 * tutorial of Fraire, De Jonckère and Burleigh describe it:
 *
 * <ol>
 *   <li>For each spur index {@code i} of the last route found, from its deviation index on: the
 *       root path is its first {@code i} hops; the spur search starts at the node the root path
 *       reaches, at the root path's arrival time; the root path's nodes are banned (no loops), and
 *       so is, as the first spur hop, every contact that a route already found takes after the same
 *       root path.
 *   <li>Root path + spur path is a candidate; the best candidate by {@link Route#SABR_ORDER} is the
 *       next route.
 * </ol>
 *
 * Routes come out in non-decreasing best delivery time. Confined to one thread (the router's).
 */
public final class RouteList {

  private static final Comparator<Candidate> ORDER =
      Comparator.comparing((Candidate c) -> c.route, Route.SABR_ORDER)
          .thenComparing((a, b) -> Arrays.compare(a.path, b.path));

  private final ContactGraph graph;
  private final long source;
  private final long destination;
  private final long computedAtMillis;
  private final BitSet suppressed;
  private final List<Candidate> found = new ArrayList<>();
  private final PriorityQueue<Candidate> candidates = new PriorityQueue<>(ORDER);
  private final Set<List<Integer>> seen = new HashSet<>();
  private boolean exhausted;

  private record Candidate(int[] path, Route route, int deviation) {}

  /**
   * Routes from {@code source} to {@code destination} for a bundle at {@code source} at {@code
   * atMillis}, avoiding the {@code suppressed} contacts (indices in {@code graph}; may be null).
   */
  public RouteList(
      ContactGraph graph, long source, long destination, long atMillis, BitSet suppressed) {
    this.graph = graph;
    this.source = source;
    this.destination = destination;
    this.computedAtMillis = atMillis;
    this.suppressed = suppressed == null ? null : (BitSet) suppressed.clone();
    Integer s = graph.nodeIndexOf(source);
    Integer d = graph.nodeIndexOf(destination);
    if (s == null || d == null || source == destination) {
      exhausted = true;
      return;
    }
    boolean[] banned = new boolean[graph.nodeCount()];
    banned[s] = true;
    int[] path = graph.search(s, atMillis, d, banned, ContactGraph.NO_CONTACTS, this.suppressed);
    if (path == null) {
      exhausted = true;
    } else {
      seen.add(key(path));
      found.add(new Candidate(path, graph.route(path, atMillis), 0));
    }
  }

  /** The time the routes were computed for. */
  public long computedAtMillis() {
    return computedAtMillis;
  }

  /** The destination. */
  public long destination() {
    return destination;
  }

  /** The number of routes computed so far. */
  public int computedCount() {
    return found.size();
  }

  /** The {@code k}-th best route (0 is the best), computing it if needed; null if none. */
  public Route get(int k) {
    while (found.size() <= k && !exhausted) {
      next();
    }
    return k < found.size() ? found.get(k).route : null;
  }

  private void next() {
    Candidate last = found.get(found.size() - 1);
    int s = graph.nodeIndexOf(source);
    int d = graph.nodeIndexOf(destination);
    int[] path = last.path;
    for (int i = last.deviation; i < path.length; i++) {
      boolean[] banned = new boolean[graph.nodeCount()];
      banned[s] = true;
      long t = computedAtMillis;
      for (int j = 0; j < i; j++) {
        banned[graph.toIndex(path[j])] = true;
        t = Math.max(t, graph.contact(path[j]).startMillis()) + graph.owltMillis(path[j]);
      }
      int spurNode = i == 0 ? s : graph.toIndex(path[i - 1]);
      int[] bannedFirst = bannedFirstHops(path, i);
      int[] spur = graph.search(spurNode, t, d, banned, bannedFirst, suppressed);
      if (spur == null) {
        continue;
      }
      int[] total = Arrays.copyOf(path, i + spur.length);
      System.arraycopy(spur, 0, total, i, spur.length);
      if (seen.add(key(total))) {
        candidates.add(new Candidate(total, graph.route(total, computedAtMillis), i));
      }
    }
    Candidate best = candidates.poll();
    if (best == null) {
      exhausted = true;
    } else {
      found.add(best);
    }
  }

  /** Contacts that routes found so far take right after the root path {@code path[0..i)}. */
  private int[] bannedFirstHops(int[] path, int i) {
    List<Integer> out = new ArrayList<>();
    for (Candidate c : found) {
      if (c.path.length > i && Arrays.equals(c.path, 0, i, path, 0, i)) {
        out.add(c.path[i]);
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
  }

  private static List<Integer> key(int[] path) {
    List<Integer> k = new ArrayList<>(path.length);
    for (int c : path) {
      k.add(c);
    }
    return k;
  }
}
