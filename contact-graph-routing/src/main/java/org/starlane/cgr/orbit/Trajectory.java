package org.starlane.cgr.orbit;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.attitudes.FrameAlignedProvider;
import org.orekit.frames.Frame;
import org.orekit.frames.Transform;
import org.orekit.orbits.KeplerianOrbit;
import org.orekit.orbits.PositionAngleType;
import org.orekit.propagation.Propagator;
import org.orekit.propagation.analytical.KeplerianPropagator;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.PVCoordinates;

/**
 * One satellite's motion in the Earth-fixed frame, with bounds on its radius, speed and
 * acceleration there. The bounds are what makes the window search exhaustive (see {@link
 * WindowSearch}).
 *
 * <p>Confined to one thread: Orekit's analytical propagators keep mutable state.
 */
final class Trajectory {
  /** Margin on the orbit radius for short-period terms (SGP4 J2 terms are about 10 km in LEO). */
  private static final double RADIUS_MARGIN_METERS = 30_000.0;

  private static final double EARTH_MU = Constants.WGS84_EARTH_MU;
  private static final double OMEGA = Constants.WGS84_EARTH_ANGULAR_VELOCITY;

  private final Satellite satellite;
  private final Frame inertial;
  private final Frame itrf;
  private final TLEPropagator tlePropagator;
  private final Propagator propagator;
  private final AbsoluteDate epochStart;
  private FrameGrid grid;
  private double minRadius;
  private double maxRadius;
  private double maxSpeed;
  private double maxAcceleration;

  Trajectory(Satellite satellite, EarthData data, AbsoluteDate spanStart) {
    this.satellite = satellite;
    this.itrf = data.itrf();
    this.epochStart = spanStart;
    double a;
    double e;
    if (satellite.elements() instanceof TwoLineElements tle) {
      TLE parsed;
      try {
        parsed = new TLE(tle.line1(), tle.line2(), data.utc());
      } catch (RuntimeException ex) {
        throw new OrbitDataException("satellite " + satellite.name() + ": " + ex.getMessage(), ex);
      }
      this.inertial = data.teme();
      this.tlePropagator =
          TLEPropagator.selectExtrapolator(
              parsed, new FrameAlignedProvider(inertial), Propagator.DEFAULT_MASS, inertial);
      this.propagator = tlePropagator;
      a = parsed.computeSemiMajorAxis();
      e = parsed.getE();
    } else if (satellite.elements() instanceof KeplerianElements k) {
      this.inertial = data.dataContext().getFrames().getEME2000();
      AbsoluteDate epoch = new AbsoluteDate(k.epoch(), data.utc());
      KeplerianOrbit orbit =
          new KeplerianOrbit(
              k.semiMajorAxisMeters(),
              k.eccentricity(),
              Math.toRadians(k.inclinationDegrees()),
              Math.toRadians(k.argumentOfPerigeeDegrees()),
              Math.toRadians(k.raanDegrees()),
              Math.toRadians(k.meanAnomalyDegrees()),
              PositionAngleType.MEAN,
              inertial,
              epoch,
              EARTH_MU);
      this.tlePropagator = null;
      this.propagator = new KeplerianPropagator(orbit, new FrameAlignedProvider(inertial));
      a = k.semiMajorAxisMeters();
      e = k.eccentricity();
    } else {
      throw new IllegalStateException("unknown orbit elements " + satellite.elements());
    }
    double perigee = a * (1 - e);
    double apogee = a * (1 + e);
    this.minRadius = perigee - RADIUS_MARGIN_METERS;
    this.maxRadius = apogee + RADIUS_MARGIN_METERS;
    if (minRadius <= Constants.WGS84_EARTH_EQUATORIAL_RADIUS) {
      throw new OrbitDataException(
          "satellite "
              + satellite.name()
              + ": perigee radius "
              + Math.round(perigee)
              + " m is too close to the Earth for contact prediction");
    }
    deriveMotionBounds();
  }

  /** Speed and acceleration bounds in the Earth-fixed frame from the radius bounds. */
  private void deriveMotionBounds() {
    // vis-viva at the lowest radius with the semi-major axis of the highest: an upper bound
    double a = 0.5 * (minRadius + maxRadius);
    double inertialSpeed = Math.sqrt(EARTH_MU * (2 / minRadius - 1 / a)) * 1.01;
    this.maxSpeed = inertialSpeed + OMEGA * maxRadius;
    // gravity with J2 (at most ~0.5 % of the central term in LEO, 1 % margin) + Coriolis +
    // centrifugal
    this.maxAcceleration =
        EARTH_MU / (minRadius * minRadius) * 1.01
            + 2 * OMEGA * maxSpeed
            + OMEGA * OMEGA * maxRadius;
  }

  /** Widens the bounds when a sampled state lies outside them (drag, unusual elements). */
  void observe(double x, double y, double z, double vx, double vy, double vz) {
    double r = Math.sqrt(x * x + y * y + z * z);
    double v = Math.sqrt(vx * vx + vy * vy + vz * vz);
    boolean widened = false;
    if (r - RADIUS_MARGIN_METERS < minRadius) {
      minRadius = Math.max(r - RADIUS_MARGIN_METERS, Constants.WGS84_EARTH_EQUATORIAL_RADIUS + 1);
      widened = true;
    }
    if (r + RADIUS_MARGIN_METERS > maxRadius) {
      maxRadius = r + RADIUS_MARGIN_METERS;
      widened = true;
    }
    if (widened) {
      deriveMotionBounds();
    }
    if (v * 1.05 > maxSpeed) {
      maxSpeed = v * 1.05;
    }
  }

  Satellite satellite() {
    return satellite;
  }

  Frame inertialFrame() {
    return inertial;
  }

  /** The position and velocity in the inertial frame at {@code date}. */
  PVCoordinates inertialState(AbsoluteDate date) {
    if (tlePropagator != null) {
      return tlePropagator.getPVCoordinates(date);
    }
    return propagator.getPVCoordinates(date, inertial);
  }

  /**
   * Uses {@code grid}, the transforms from {@link #inertialFrame()} to the Earth-fixed frame on the
   * time grid, for {@link #itrfState}.
   */
  void useGrid(FrameGrid grid) {
    this.grid = grid;
  }

  /**
   * Writes the Earth-fixed position (m) and velocity (m/s) at {@code seconds} after the span start
   * into {@code out[offset..offset+5]}: the satellite propagated exactly to that instant, the frame
   * transform from {@link FrameGrid#at} (or computed in full without a grid).
   */
  void itrfState(double seconds, double[] out, int offset) {
    AbsoluteDate date = epochStart.shiftedBy(seconds);
    Transform toItrf = grid == null ? inertial.getTransformTo(itrf, date) : grid.at(seconds);
    write(toItrf.transformPVCoordinates(inertialState(date)), out, offset);
  }

  static void write(PVCoordinates pv, double[] out, int offset) {
    Vector3D p = pv.getPosition();
    Vector3D v = pv.getVelocity();
    out[offset] = p.getX();
    out[offset + 1] = p.getY();
    out[offset + 2] = p.getZ();
    out[offset + 3] = v.getX();
    out[offset + 4] = v.getY();
    out[offset + 5] = v.getZ();
  }

  /** A lower bound of the distance from the Earth's centre, in meters. */
  double minRadius() {
    return minRadius;
  }

  /** An upper bound of the speed in the Earth-fixed frame, in m/s. */
  double maxSpeed() {
    return maxSpeed;
  }

  /** An upper bound of the acceleration in the Earth-fixed frame, in m/s². */
  double maxAcceleration() {
    return maxAcceleration;
  }
}
