package org.starlane.cgr.orbit;

import java.time.Instant;
import java.util.Objects;

/**
 * Osculating Keplerian elements in the EME2000 frame (mean equator and equinox of J2000),
 * propagated as a two-body orbit around the WGS-84 Earth (μ = 3.986004418e14 m³/s²): no J2, no
 * drag. Good for what-if constellations; real satellites are better described by a {@link
 * TwoLineElements}.
 *
 * <p>Immutable, thread-safe.
 *
 * @param epoch the instant the elements hold (UTC)
 * @param semiMajorAxisMeters semi-major axis, more than the Earth's radius
 * @param eccentricity 0 (inclusive) to 1 (exclusive)
 * @param inclinationDegrees 0..180
 * @param raanDegrees right ascension of the ascending node
 * @param argumentOfPerigeeDegrees argument of perigee
 * @param meanAnomalyDegrees mean anomaly at the epoch
 */
public record KeplerianElements(
    Instant epoch,
    double semiMajorAxisMeters,
    double eccentricity,
    double inclinationDegrees,
    double raanDegrees,
    double argumentOfPerigeeDegrees,
    double meanAnomalyDegrees)
    implements OrbitElements {

  /** The lowest perigee radius accepted: the WGS-84 equatorial radius plus 80 km. */
  static final double MIN_PERIGEE_RADIUS_METERS = 6_378_137.0 + 80_000.0;

  public KeplerianElements {
    Objects.requireNonNull(epoch, "epoch");
    Checks.range("eccentricity", eccentricity, 0, 0.99, "");
    Checks.range("inclination", inclinationDegrees, 0, 180, "degrees");
    Checks.range("right ascension of the ascending node", raanDegrees, -360, 360, "degrees");
    Checks.range("argument of perigee", argumentOfPerigeeDegrees, -360, 360, "degrees");
    Checks.range("mean anomaly", meanAnomalyDegrees, -360, 360, "degrees");
    Checks.range("semi-major axis", semiMajorAxisMeters, 6_378_137.0, 1e9, "m");
    double perigee = semiMajorAxisMeters * (1 - eccentricity);
    if (perigee < MIN_PERIGEE_RADIUS_METERS) {
      throw new IllegalArgumentException(
          "perigee radius " + perigee + " m is below " + MIN_PERIGEE_RADIUS_METERS + " m");
    }
  }
}
