package org.starlane.cl.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one-way light time of a radio channel, as a function of the time the signal leaves the
 * transmitter: fixed for a static link, or changing with the geometry (a contact plan's ranges, an
 * orbit propagator). A small interface so that the simulated link depends on no routing or orbit
 * module: {@code node} adapts those to it.
 *
 * <p>Implementations must be deterministic (the same answer for the same time) and never return a
 * negative duration; the ones made here are immutable and thread-safe.
 */
@FunctionalInterface
public interface LightTime {

  /** The one-way light time for a signal that leaves at {@code epochMillis}. */
  Duration at(long epochMillis);

  /**
   * Always {@code oneWay}.
   *
   * @throws IllegalArgumentException if {@code oneWay} is negative
   */
  static LightTime fixed(Duration oneWay) {
    Objects.requireNonNull(oneWay, "oneWay");
    if (oneWay.isNegative()) {
      throw new IllegalArgumentException("light time " + oneWay + " is negative");
    }
    return new LightTime() {
      @Override
      public Duration at(long epochMillis) {
        return oneWay;
      }

      @Override
      public String toString() {
        return "fixed " + oneWay;
      }
    };
  }

  /**
   * A step function, as in a contact plan's range entries: from each instant on, its light time,
   * until the next instant; before the first instant, the first light time.
   *
   * @throws IllegalArgumentException if {@code steps} is empty or holds a negative duration
   */
  static LightTime stepwise(Map<Instant, Duration> steps) {
    NavigableMap<Long, Duration> byMillis = new TreeMap<>();
    steps.forEach(
        (at, oneWay) -> {
          if (oneWay.isNegative()) {
            throw new IllegalArgumentException(
                "light time " + oneWay + " at " + at + " is negative");
          }
          byMillis.put(at.toEpochMilli(), oneWay);
        });
    if (byMillis.isEmpty()) {
      throw new IllegalArgumentException("no light time given");
    }
    return new LightTime() {
      @Override
      public Duration at(long epochMillis) {
        Map.Entry<Long, Duration> step = byMillis.floorEntry(epochMillis);
        return step != null ? step.getValue() : byMillis.firstEntry().getValue();
      }

      @Override
      public String toString() {
        return "stepwise " + byMillis.size() + " steps";
      }
    };
  }
}
