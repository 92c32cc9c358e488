package org.starlane.cgr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contact graph of a {@link ContactPlan} (CCSDS 734.3-B-1 §3.2.5; Fraire, De Jonckère and
 * Burleigh, "Routing in the Space Internet: a contact graph routing tutorial", 2021): its vertices
 * are the usable contacts, and an edge leads from contact {@code c} to every contact that starts at
 * the node {@code c} reaches. The route search is Dijkstra's algorithm over this graph with a
 * binary heap, as ION's {@code cgr.c} does it:
 *
 * <ul>
 *   <li>The arrival time over contact {@code d}, for a bundle at {@code d}'s sender at time {@code
 *       t}, is {@code max(t, d.start) + owlt(d)}.
 *   <li><b>ION's convention:</b> contact {@code d} is unusable for a bundle at its sender at {@code
 *       t} when it ends at or before {@code t} ({@code d.end <= t}); a contact ending later can
 *       still be entered, even a millisecond before its end (the bundle's size is checked by the
 *       forwarding rules, not here).
 *   <li>A route never visits a node twice, never returns to its source, and stops at the
 *       destination.
 *   <li>Labels are compared by the SABR keys ({@link Route#SABR_ORDER}): arrival, hops, termination
 *       (later is better), entry node.
 *   <li>From a node, only the first usable contact to each neighbour is relaxed: contacts between
 *       the same pair do not overlap, so a later one can only arrive later (FIFO); the route search
 *       stays linear in the neighbours rather than in the contacts of a node.
 *   <li>A contact is not expanded when a contact into the same node was expanded already with a
 *       label at least as good in every key (arrival no later, no more hops, termination no
 *       earlier, entry node no larger): everything it could reach, the other reaches as well or
 *       better. This keeps the search near one expansion per node in dense plans.
 * </ul>
 *
 * Alternative routes come from Yen's algorithm with Lawler's modification ({@link RouteList}).
 *
 * <p>Immutable and thread-safe; each thread searches with its own scratch space.
 */
public final class ContactGraph {

  private final ContactPlan plan;
  private final Contact[] contacts;
  private final int[] fromIdx;
  private final int[] toIdx;
  private final long[] start;
  private final long[] end;
  private final long[] owlt;
  private final long[] nodeNumber;
  private final Map<Long, Integer> nodeIndex;
  private final Map<Contact, Integer> contactIndex;

  /** groups[u][g]: contact indices from node u to one neighbour, ordered by start (and end). */
  private final int[][][] groups;

  private final ThreadLocal<Scratch> scratch;

  private ContactGraph(ContactPlan plan) {
    this.plan = plan;
    List<Contact> usable = new ArrayList<>();
    for (Contact c : plan.contacts()) {
      if (plan.isUsable(c)) {
        usable.add(c);
      }
    }
    int n = usable.size();
    contacts = usable.toArray(new Contact[0]);
    nodeNumber = plan.nodes().stream().mapToLong(Long::longValue).toArray();
    nodeIndex = new HashMap<>();
    for (int i = 0; i < nodeNumber.length; i++) {
      nodeIndex.put(nodeNumber[i], i);
    }
    fromIdx = new int[n];
    toIdx = new int[n];
    start = new long[n];
    end = new long[n];
    owlt = new long[n];
    contactIndex = new HashMap<>(n * 2);
    List<TreeMap<Integer, List<Integer>>> byNode = new ArrayList<>();
    for (int i = 0; i < nodeNumber.length; i++) {
      byNode.add(new TreeMap<>());
    }
    for (int i = 0; i < n; i++) {
      Contact c = contacts[i];
      fromIdx[i] = nodeIndex.get(c.from());
      toIdx[i] = nodeIndex.get(c.to());
      start[i] = c.startMillis();
      end[i] = c.endMillis();
      owlt[i] = plan.owltOrMinusOne(c);
      contactIndex.put(c, i);
      byNode.get(fromIdx[i]).computeIfAbsent(toIdx[i], k -> new ArrayList<>()).add(i);
    }
    groups = new int[nodeNumber.length][][];
    for (int u = 0; u < nodeNumber.length; u++) {
      List<int[]> g = new ArrayList<>();
      for (List<Integer> same : byNode.get(u).values()) {
        g.add(same.stream().mapToInt(Integer::intValue).toArray()); // plan order: by start
      }
      groups[u] = g.toArray(new int[0][]);
    }
    scratch = ThreadLocal.withInitial(() -> new Scratch(n, nodeNumber.length));
  }

  /** The contact graph of {@code plan}'s usable contacts. */
  public static ContactGraph of(ContactPlan plan) {
    return new ContactGraph(plan);
  }

  /** The plan this graph was built from. */
  public ContactPlan plan() {
    return plan;
  }

  /** The number of usable contacts (vertices). */
  public int contactCount() {
    return contacts.length;
  }

  /**
   * The best route from {@code source} to {@code destination} for a bundle at {@code source} at
   * {@code atMillis}, or null if there is none.
   */
  public Route bestRoute(long source, long destination, long atMillis) {
    Integer s = nodeIndex.get(source);
    Integer d = nodeIndex.get(destination);
    if (s == null || d == null || source == destination) {
      return null;
    }
    boolean[] banned = new boolean[nodeNumber.length];
    banned[s] = true;
    int[] path = search(s, atMillis, d, banned, NO_CONTACTS, null);
    return path == null ? null : route(path, atMillis);
  }

  /**
   * The {@code k} best routes (fewer if there are fewer), by Yen's algorithm. A convenience over
   * {@link RouteList}.
   */
  public List<Route> routes(long source, long destination, long atMillis, int k) {
    RouteList list = new RouteList(this, source, destination, atMillis, null);
    List<Route> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Route r = list.get(i);
      if (r == null) {
        break;
      }
      out.add(r);
    }
    return out;
  }

  // --------------------------------------------------------------------------------------------
  // package-private access for RouteList and the forwarding rules

  static final int[] NO_CONTACTS = new int[0];

  Integer nodeIndexOf(long node) {
    return nodeIndex.get(node);
  }

  int nodeCount() {
    return nodeNumber.length;
  }

  int toIndex(int contact) {
    return toIdx[contact];
  }

  Contact contact(int index) {
    return contacts[index];
  }

  int indexOf(Contact c) {
    Integer i = contactIndex.get(c);
    return i == null ? -1 : i;
  }

  long owltMillis(int contact) {
    return owlt[contact];
  }

  /** The route along {@code path} (contact indices) for a bundle at its start at {@code t0}. */
  Route route(int[] path, long t0) {
    List<Contact> hops = new ArrayList<>(path.length);
    List<Long> arrivals = new ArrayList<>(path.length);
    long t = t0;
    long termination = Long.MAX_VALUE;
    for (int c : path) {
      t = Math.max(t, start[c]) + owlt[c];
      termination = Math.min(termination, end[c]);
      hops.add(contacts[c]);
      arrivals.add(t);
    }
    return new Route(hops, arrivals, t, termination, contacts[path[0]].to());
  }

  /**
   * Dijkstra over the contact graph from node {@code s} at {@code t0} to node {@code dest}.
   *
   * @param banned nodes the route may not enter (at least {@code s}); not modified
   * @param bannedFirst contacts the first hop may not use (Yen's spur edges), sorted
   * @param suppressed contacts no hop may use (failed links), or null
   * @return the contact indices of the best path, or null
   */
  int[] search(int s, long t0, int dest, boolean[] banned, int[] bannedFirst, BitSet suppressed) {
    Scratch w = scratch.get();
    w.reset();
    // relax the contacts out of the source ("root contact" in the tutorial)
    for (int[] group : groups[s]) {
      int c = firstUsable(group, t0, bannedFirst, suppressed);
      if (c < 0 || banned[toIdx[c]]) {
        continue;
      }
      w.offer(c, Math.max(t0, start[c]) + owlt[c], 1, end[c], nodeNumber[toIdx[c]], -1);
    }
    while (!w.heapEmpty()) {
      int c = w.poll();
      if (toIdx[c] == dest) {
        return w.path(c);
      }
      long t = w.arrival[c];
      int hops = w.hops[c] + 1;
      long term = w.term[c];
      long entry = w.entry[c];
      if (w.dominated(toIdx[c], t, hops, term, entry)) {
        continue;
      }
      for (int[] group : groups[toIdx[c]]) {
        int d = firstUsable(group, t, NO_CONTACTS, suppressed);
        if (d < 0) {
          continue;
        }
        int v = toIdx[d];
        if (banned[v] || onPath(w, c, v)) {
          continue;
        }
        w.offer(d, Math.max(t, start[d]) + owlt[d], hops, Math.min(term, end[d]), entry, c);
      }
    }
    return null;
  }

  private boolean onPath(Scratch w, int c, int node) {
    for (int x = c; x >= 0; x = w.pred[x]) {
      if (toIdx[x] == node || fromIdx[x] == node) {
        return true;
      }
    }
    return false;
  }

  /** The first contact of {@code group} that ends after {@code t} and may be used, or -1. */
  private int firstUsable(int[] group, long t, int[] bannedFirst, BitSet suppressed) {
    int lo = 0;
    int hi = group.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (end[group[mid]] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < group.length; i++) {
      int c = group[i];
      if ((suppressed != null && suppressed.get(c))
          || (bannedFirst.length > 0 && Arrays.binarySearch(bannedFirst, c) >= 0)) {
        continue;
      }
      return c;
    }
    return -1;
  }

  /** Per-thread search state: labels stamped with a search number, and an indexed binary heap. */
  private static final class Scratch {
    final long[] arrival;
    final int[] hops;
    final long[] term;
    final long[] entry;
    final int[] pred;
    final int[] stamp;
    final boolean[] settled;
    final int[] heap;
    final int[] pos;
    int size;
    int epoch;

    private static final int KEPT = 8;
    final int[] nodeStamp;
    final int[] expandedCount;
    final long[] expArrival;
    final int[] expHops;
    final long[] expTerm;
    final long[] expEntry;

    Scratch(int n, int nodes) {
      nodeStamp = new int[nodes];
      expandedCount = new int[nodes];
      expArrival = new long[nodes * KEPT];
      expHops = new int[nodes * KEPT];
      expTerm = new long[nodes * KEPT];
      expEntry = new long[nodes * KEPT];
      arrival = new long[n];
      hops = new int[n];
      term = new long[n];
      entry = new long[n];
      pred = new int[n];
      stamp = new int[n];
      settled = new boolean[n];
      heap = new int[n];
      pos = new int[n];
    }

    void reset() {
      size = 0;
      epoch++;
      if (epoch == Integer.MAX_VALUE) {
        Arrays.fill(stamp, 0);
        epoch = 1;
      }
    }

    /**
     * Whether a label (a, h, te, en) at node v is dominated by one expanded there already; if not,
     * it is remembered (up to {@link #KEPT} per node) as expanded.
     */
    boolean dominated(int v, long a, int h, long te, long en) {
      if (nodeStamp[v] != epoch) {
        nodeStamp[v] = epoch;
        expandedCount[v] = 0;
      }
      int base = v * KEPT;
      int count = expandedCount[v];
      for (int i = base; i < base + count; i++) {
        if (expArrival[i] <= a && expHops[i] <= h && expTerm[i] >= te && expEntry[i] <= en) {
          return true;
        }
      }
      if (count < KEPT) {
        int i = base + count;
        expArrival[i] = a;
        expHops[i] = h;
        expTerm[i] = te;
        expEntry[i] = en;
        expandedCount[v] = count + 1;
      }
      return false;
    }

    boolean heapEmpty() {
      return size == 0;
    }

    /** Offers label (a, h, te, en, p) to contact c if it is new or better. */
    void offer(int c, long a, int h, long te, long en, int p) {
      if (stamp[c] == epoch) {
        if (settled[c] || !better(a, h, te, en, arrival[c], hops[c], term[c], entry[c])) {
          return;
        }
      } else {
        stamp[c] = epoch;
        settled[c] = false;
        pos[c] = size;
        heap[size++] = c;
      }
      arrival[c] = a;
      hops[c] = h;
      term[c] = te;
      entry[c] = en;
      pred[c] = p;
      siftUp(pos[c]);
    }

    int poll() {
      int top = heap[0];
      int last = heap[--size];
      if (size > 0) {
        heap[0] = last;
        pos[last] = 0;
        siftDown(0);
      }
      settled[top] = true;
      return top;
    }

    int[] path(int c) {
      int n = 0;
      for (int x = c; x >= 0; x = pred[x]) {
        n++;
      }
      int[] p = new int[n];
      for (int x = c; x >= 0; x = pred[x]) {
        p[--n] = x;
      }
      return p;
    }

    private static boolean better(
        long a, int h, long te, long en, long a2, int h2, long te2, long en2) {
      if (a != a2) {
        return a < a2;
      }
      if (h != h2) {
        return h < h2;
      }
      if (te != te2) {
        return te > te2;
      }
      return en < en2;
    }

    private boolean less(int x, int y) {
      return better(arrival[x], hops[x], term[x], entry[x], arrival[y], hops[y], term[y], entry[y]);
    }

    private void siftUp(int i) {
      int c = heap[i];
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        int pc = heap[parent];
        if (!less(c, pc)) {
          break;
        }
        heap[i] = pc;
        pos[pc] = i;
        i = parent;
      }
      heap[i] = c;
      pos[c] = i;
    }

    private void siftDown(int i) {
      int c = heap[i];
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && less(heap[child + 1], heap[child])) {
          child++;
        }
        int cc = heap[child];
        if (!less(cc, c)) {
          break;
        }
        heap[i] = cc;
        pos[cc] = i;
        i = child;
      }
      heap[i] = c;
      pos[c] = i;
    }
  }
}
