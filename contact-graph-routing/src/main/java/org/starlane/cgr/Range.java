package org.starlane.cgr;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A range (CCSDS 734.3-B-1 §2.3.2): the one-way light time (OWLT) of a signal from node {@code
 * from} to node {@code to} during an interval. In ION's convention, which Starlane follows, a range
 * asserted from the smaller to the larger node number also applies in the reverse direction, unless
 * a range is asserted for the reverse direction itself; see {@link ContactPlan#owltMillis(long,
 * long, long)}.
 *
 * <p>Units as in {@link Contact}: ipn node numbers, milliseconds since the Unix epoch, interval
 * {@code startMillis <= t < endMillis}. The light time has millisecond resolution: a finer {@code
 * owlt} is rounded up to the next millisecond (a route never looks faster than it is).
 *
 * <p>Immutable, thread-safe.
 *
 * @param from the node the signal leaves
 * @param to the node the signal reaches
 * @param startMillis first instant the range applies, milliseconds since the Unix epoch
 * @param endMillis the instant it stops applying (exclusive), after {@code startMillis}
 * @param owlt the one-way light time, zero or positive, at most one year
 */
public record Range(long from, long to, long startMillis, long endMillis, Duration owlt) {

  private static final Duration MAX_OWLT = Duration.ofDays(366);

  public Range {
    Nodes.checkNode("from", from);
    Nodes.checkNode("to", to);
    Objects.requireNonNull(owlt, "owlt");
    if (startMillis < 0) {
      throw new IllegalArgumentException("range start " + startMillis + " is before the epoch");
    }
    if (endMillis <= startMillis) {
      throw new IllegalArgumentException(
          "range end " + endMillis + " is not after its start " + startMillis);
    }
    if (owlt.isNegative() || owlt.compareTo(MAX_OWLT) > 0) {
      throw new IllegalArgumentException("one-way light time " + owlt + " is not in [0, 366 d]");
    }
    long millis = owlt.toMillis();
    if (Duration.ofMillis(millis).compareTo(owlt) < 0) {
      millis++;
    }
    owlt = Duration.ofMillis(millis);
  }

  /** A range with a light time in whole seconds, as ION and HDTN write them. */
  public static Range ofSeconds(
      long from, long to, long startMillis, long endMillis, long owltSeconds) {
    return new Range(from, to, startMillis, endMillis, Duration.ofSeconds(owltSeconds));
  }

  /** The one-way light time in milliseconds. */
  public long owltMillis() {
    return owlt.toMillis();
  }

  /** The first instant the range applies. */
  public Instant start() {
    return Instant.ofEpochMilli(startMillis);
  }

  /** The instant it stops applying (exclusive). */
  public Instant end() {
    return Instant.ofEpochMilli(endMillis);
  }

  /** Whether this range applies at {@code atMillis}. */
  public boolean covers(long atMillis) {
    return startMillis <= atMillis && atMillis < endMillis;
  }
}
