package org.starlane.cgr.orbit;

import java.util.Objects;

/**
 * A ground station: a DTN node fixed on the WGS-84 ellipsoid that sees a satellite while the
 * satellite is at least {@code minElevationDegrees} above its local horizon (the plane normal to
 * the geodetic vertical).
 *
 * <p>Immutable, thread-safe.
 *
 * @param node the station's ipn node number (1 or more)
 * @param name a label for messages and reports (not blank, no line breaks)
 * @param latitudeDegrees geodetic latitude, −90..90
 * @param longitudeDegrees longitude, −180..360 (east positive)
 * @param altitudeMeters height above the ellipsoid, −500 m..10 km
 * @param minElevationDegrees the elevation mask, −5..89 degrees
 */
public record GroundStation(
    long node,
    String name,
    double latitudeDegrees,
    double longitudeDegrees,
    double altitudeMeters,
    double minElevationDegrees) {

  public GroundStation {
    Objects.requireNonNull(name, "name");
    Checks.node("station " + name, node);
    Checks.label("station name", name);
    Checks.range("latitude of station " + name, latitudeDegrees, -90, 90, "degrees");
    Checks.range("longitude of station " + name, longitudeDegrees, -180, 360, "degrees");
    Checks.range("altitude of station " + name, altitudeMeters, -500, 10_000, "m");
    Checks.range("minimum elevation of station " + name, minElevationDegrees, -5, 89, "degrees");
  }
}
