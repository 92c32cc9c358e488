package org.starlane.cgr.orbit;

import java.time.Instant;
import java.util.Objects;
import org.orekit.utils.Constants;

/**
 * The distance between the two ends of a link at one instant.
 *
 * <p>Immutable, thread-safe.
 *
 * @param at the instant (UTC)
 * @param rangeMeters the straight-line (slant) distance, zero or more
 */
public record RangeSample(Instant at, double rangeMeters) {
  public RangeSample {
    Objects.requireNonNull(at, "at");
    if (!(rangeMeters >= 0) || Double.isInfinite(rangeMeters)) {
      throw new IllegalArgumentException("range " + rangeMeters + " m is not a finite distance");
    }
  }

  /** The one-way light time over this range, in seconds (vacuum speed of light). */
  public double oneWayLightTimeSeconds() {
    return rangeMeters / Constants.SPEED_OF_LIGHT;
  }
}
