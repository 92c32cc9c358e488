package org.starlane.cgr;

import java.util.Comparator;
import java.util.List;

/**
 * A route (CCSDS 734.3-B-1 §3.2.5): a sequence of contacts from the local node to the destination,
 * each starting at the node the previous one reaches, with its best-case figures computed for a
 * bundle of size 0 sent at the time the route was computed.
 *
 * <p>Route order, {@link #SABR_ORDER}, is SABR's order of preference (§3.2.6.9 and ION's {@code
 * cgr.c}): earliest best delivery time, then fewest hops, then latest termination time, then
 * smallest entry node (the first hop's receiving node); then, to be deterministic, the contacts'
 * plan order.
 *
 * <p>Immutable, thread-safe.
 *
 * @param hops the contacts, first hop first (at least one)
 * @param hopArrivalMillis best-case arrival time at the receiving node of each hop
 * @param bestDeliveryMillis best-case arrival time at the destination (the last element of {@code
 *     hopArrivalMillis})
 * @param terminationMillis the earliest end among the hops: after it the route is gone
 * @param entryNode the first hop's receiving node (the neighbour the bundle goes to)
 */
public record Route(
    List<Contact> hops,
    List<Long> hopArrivalMillis,
    long bestDeliveryMillis,
    long terminationMillis,
    long entryNode) {

  /** SABR's order of preference among routes, best first. */
  public static final Comparator<Route> SABR_ORDER =
      Comparator.comparingLong(Route::bestDeliveryMillis)
          .thenComparingInt(Route::hopCount)
          .thenComparing(Comparator.comparingLong(Route::terminationMillis).reversed())
          .thenComparingLong(Route::entryNode);

  public Route {
    hops = List.copyOf(hops);
    hopArrivalMillis = List.copyOf(hopArrivalMillis);
    if (hops.isEmpty() || hops.size() != hopArrivalMillis.size()) {
      throw new IllegalArgumentException("a route has at least one hop and one arrival per hop");
    }
    if (entryNode != hops.get(0).to()) {
      throw new IllegalArgumentException("entry node " + entryNode + " is not the first hop's");
    }
  }

  /** The number of hops. */
  public int hopCount() {
    return hops.size();
  }

  /** The node this route starts at. */
  public long source() {
    return hops.get(0).from();
  }

  /** The node this route reaches. */
  public long destination() {
    return hops.get(hops.size() - 1).to();
  }

  /** The first hop. */
  public Contact firstHop() {
    return hops.get(0);
  }
}
