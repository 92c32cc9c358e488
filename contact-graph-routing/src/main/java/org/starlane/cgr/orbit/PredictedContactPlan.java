package org.starlane.cgr.orbit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/**
 * Turns predicted {@link ContactWindow}s into a {@link ContactPlan} (CCSDS 734.3-B-1 §2.3):
 *
 * <ul>
 *   <li>each window gives two contacts, A→B at {@link ContactWindow#rateAToBBytesPerSecond()} and
 *       B→A at {@link ContactWindow#rateBToABytesPerSecond()}, with the window's start rounded up
 *       and its end rounded down to the millisecond (a contact never claims time the geometry does
 *       not give); a window shorter than that gives none;
 *   <li>each window gives one range, from the smaller to the larger node number (ION's rule makes
 *       it apply in both directions), covering the window's milliseconds, with the largest sampled
 *       one-way light time of the window, rounded up (for a pass that is the range at the horizon
 *       end: a route never looks faster than it is).
 * </ul>
 *
 * <p>Confidence is 1: an orbit prediction is a schedule, not a guess. Thread-safe (stateless).
 */
public final class PredictedContactPlan {
  private PredictedContactPlan() {}

  /** The contact plan of {@code windows}. */
  public static ContactPlan of(Collection<ContactWindow> windows) {
    List<Contact> contacts = new ArrayList<>(windows.size() * 2);
    List<Range> ranges = new ArrayList<>(windows.size());
    List<ContactWindow> ordered = new ArrayList<>(windows);
    ordered.sort(Comparator.comparing(ContactWindow::start));
    // the end of the last range per node pair: rounding outwards must not make ranges overlap
    Map<Long, Map<Long, Long>> lastRangeEnd = new HashMap<>();
    for (ContactWindow w : ordered) {
      long start = ceilMillis(w.start());
      long end = floorMillis(w.end());
      if (end <= start) {
        continue;
      }
      contacts.add(Contact.of(w.nodeA(), w.nodeB(), start, end, w.rateAToBBytesPerSecond()));
      contacts.add(Contact.of(w.nodeB(), w.nodeA(), start, end, w.rateBToABytesPerSecond()));
      long low = Math.min(w.nodeA(), w.nodeB());
      long high = Math.max(w.nodeA(), w.nodeB());
      Map<Long, Long> ends = lastRangeEnd.computeIfAbsent(low, k -> new HashMap<>());
      long rangeStart = Math.max(floorMillis(w.start()), ends.getOrDefault(high, Long.MIN_VALUE));
      long rangeEnd = ceilMillis(w.end());
      ends.put(high, rangeEnd);
      long owltNanos = (long) Math.ceil(w.maxOneWayLightTimeSeconds() * 1e9);
      ranges.add(new Range(low, high, rangeStart, rangeEnd, Duration.ofNanos(owltNanos)));
    }
    return ContactPlan.of(contacts, ranges);
  }

  private static long floorMillis(Instant t) {
    return Math.floorDiv(t.getEpochSecond() * 1_000_000_000L + t.getNano(), 1_000_000L);
  }

  private static long ceilMillis(Instant t) {
    return -Math.floorDiv(-(t.getEpochSecond() * 1_000_000_000L + t.getNano()), 1_000_000L);
  }
}
