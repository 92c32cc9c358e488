package org.starlane.cgr.orbit;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A predicted visibility window between two nodes: a ground station and a satellite, or two
 * satellites. It carries the rate in each direction and range samples, from which a contact plan
 * gets two contacts (one per direction) and a range (the one-way light time).
 *
 * <p>A window that is already open when the prediction span starts begins at the span's start and
 * says {@link #openAtStart()}; one still open when the span ends stops at the span's end and says
 * {@link #openAtEnd()}. Such windows are cut by the span, not by geometry.
 *
 * <p>Immutable, thread-safe.
 *
 * @param kind ground or inter-satellite
 * @param nodeA the station (ground windows) or the satellite with the smaller node number
 * @param nodeB the satellite (ground windows) or the satellite with the larger node number
 * @param start the instant the window opens (or the span's start)
 * @param end the instant it closes (or the span's end), after {@code start}
 * @param openAtStart whether the nodes already saw each other at the span's start
 * @param openAtEnd whether they still see each other at the span's end
 * @param rateAToBBytesPerSecond the rate from {@code nodeA} to {@code nodeB} (uplink for ground)
 * @param rateBToABytesPerSecond the rate from {@code nodeB} to {@code nodeA} (downlink for ground)
 * @param ranges range samples, ordered by time: at {@code start}, inside the window, and at {@code
 *     end}
 */
public record ContactWindow(
    Kind kind,
    long nodeA,
    long nodeB,
    Instant start,
    Instant end,
    boolean openAtStart,
    boolean openAtEnd,
    long rateAToBBytesPerSecond,
    long rateBToABytesPerSecond,
    List<RangeSample> ranges) {

  /** Windows ordered by start, then node A, then node B. */
  public static final Comparator<ContactWindow> ORDER =
      Comparator.comparing(ContactWindow::start)
          .thenComparingLong(ContactWindow::nodeA)
          .thenComparingLong(ContactWindow::nodeB);

  /** What sees what. */
  public enum Kind {
    /** A ground station (node A) and a satellite (node B). */
    GROUND,
    /** Two satellites. */
    INTER_SATELLITE
  }

  public ContactWindow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Checks.node("window node A", nodeA);
    Checks.node("window node B", nodeB);
    if (nodeA == nodeB) {
      throw new IllegalArgumentException("window between node " + nodeA + " and itself");
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("window end " + end + " is not after its start " + start);
    }
    Checks.positive("window rate A to B (bytes/s)", rateAToBBytesPerSecond);
    Checks.positive("window rate B to A (bytes/s)", rateBToABytesPerSecond);
    ranges = List.copyOf(ranges);
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("window " + nodeA + "-" + nodeB + " has no range sample");
    }
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i).at().isBefore(ranges.get(i - 1).at())) {
        throw new IllegalArgumentException("range samples of window are not in time order");
      }
    }
  }

  /** The largest sampled range in meters. */
  public double maxRangeMeters() {
    double max = 0;
    for (RangeSample r : ranges) {
      max = Math.max(max, r.rangeMeters());
    }
    return max;
  }

  /** The largest sampled one-way light time in seconds. */
  public double maxOneWayLightTimeSeconds() {
    return maxRangeMeters() / org.orekit.utils.Constants.SPEED_OF_LIGHT;
  }
}
