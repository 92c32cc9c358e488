package org.starlane.cgr.orbit;

import java.util.Objects;

/**
 * When two satellites can talk to each other: while they are at most {@code maxRangeMeters} apart
 * and the straight line between them stays at least {@code grazingAltitudeMeters} above the Earth
 * (the WGS-84 ellipsoid grown by that altitude), so the beam neither hits the ground nor crosses
 * the dense atmosphere.
 *
 * <p>Immutable, thread-safe.
 *
 * @param maxRangeMeters the longest usable link, 1 m..100,000 km
 * @param grazingAltitudeMeters the lowest altitude the line of sight may pass, 0..1,000 km
 * @param link the link type (its rate applies in both directions)
 */
public record InterSatelliteLinks(
    double maxRangeMeters, double grazingAltitudeMeters, LinkType link) {
  public InterSatelliteLinks {
    Objects.requireNonNull(link, "link");
    Checks.range("inter-satellite link maximum range", maxRangeMeters, 1, 1e8, "m");
    Checks.range("grazing altitude", grazingAltitudeMeters, 0, 1e6, "m");
  }
}
