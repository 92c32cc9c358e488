package org.starlane.cgr.orbit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.frames.Frame;
import org.orekit.frames.Transform;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.PVCoordinates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predicts contact windows with Orekit: when each ground station sees each satellite above its
 * elevation mask, and when two satellites are within range with a clear line of sight.
 *
 * <p>Method: each satellite is propagated once (SGP4 for two-line elements, two-body for Keplerian
 * elements) on a time grid ({@link PredictionRequest#gridStep()}), into the Earth-fixed frame. On
 * that grid the visibility margins are evaluated from the stored states:
 *
 * <ul>
 *   <li>ground: {@code sin(elevation) − sin(mask)}, with its time derivative from the satellite's
 *       velocity, and a bound on its second derivative {@code |a|/ρ + 3 v²/ρ²} (acceleration {@code
 *       a}, speed {@code v} and slant range {@code ρ} bounded from the orbit);
 *   <li>inter-satellite range: {@code maxRange − d}, its derivative, and {@code |d''| ≤ |Δa| +
 *       |Δv|²/d};
 *   <li>inter-satellite line of sight: the distance from the Earth's centre to the segment between
 *       the satellites, in coordinates where the ellipsoid grown by the grazing altitude is a
 *       sphere, minus that sphere's radius; it changes no faster than the faster end of the
 *       segment.
 * </ul>
 *
 * <p>{@link WindowSearch} then locates every sign change of each margin, with exact propagation for
 * the refinement, and proves from the bounds that no window was skipped between two grid points: a
 * pass shorter than the grid step is found like any other. See {@code docs/contact-prediction.md}.
 *
 * <p>Thread-safe: each {@link #predict} call builds its own propagators and is confined to the
 * calling thread.
 */
public final class ContactPredictor {
  private static final Logger LOG = LoggerFactory.getLogger(ContactPredictor.class);

  private static final double WGS84_A = Constants.WGS84_EARTH_EQUATORIAL_RADIUS;
  private static final double WGS84_B = WGS84_A * (1 - Constants.WGS84_EARTH_FLATTENING);

  private final EarthData data;

  /** A predictor on {@code data} (for example {@link EarthData#bundled()}). */
  public ContactPredictor(EarthData data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  /** {@link #predict(PredictionRequest, PredictionProgress)} without progress reports. */
  public List<ContactWindow> predict(PredictionRequest request) {
    return predict(request, PredictionProgress.NONE);
  }

  /**
   * The contact windows of {@code request}, ordered by {@link ContactWindow#ORDER}.
   *
   * @throws OrbitDataException when a satellite's elements cannot be propagated
   */
  public List<ContactWindow> predict(PredictionRequest request, PredictionProgress progress) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(progress, "progress");
    Run run = new Run(request, progress);
    List<ContactWindow> out = new ArrayList<>();
    run.propagate();
    run.groundWindows(out);
    request.interSatelliteLinks().ifPresent(isl -> run.interSatelliteWindows(isl, out));
    out.sort(ContactWindow.ORDER);
    LOG.debug(
        "predicted {} windows with {} exact refinement evaluations",
        out.size(),
        run.search.exactEvaluations());
    return out;
  }

  /** One prediction: the grid, the sampled states, the search. Confined to the calling thread. */
  private final class Run {
    private final PredictionRequest request;
    private final PredictionProgress progress;
    private final AbsoluteDate startDate;
    private final double startUtcMinusTai;
    private final double[] times;
    private final int last;
    private final int rangeSampleEvery;
    private final List<Trajectory> trajectories = new ArrayList<>();
    private final double[][] states;
    private final WindowSearch search = new WindowSearch();

    Run(PredictionRequest request, PredictionProgress progress) {
      this.request = request;
      this.progress = progress;
      this.startDate = new AbsoluteDate(request.start(), data.utc());
      this.startUtcMinusTai = data.utc().offsetFromTAI(startDate).toDouble();
      double span = seconds(request.duration());
      double step = seconds(request.gridStep());
      int steps = (int) Math.ceil(span / step - 1e-9);
      this.times = new double[steps + 1];
      for (int k = 0; k <= steps; k++) {
        times[k] = Math.min(k * step, span);
      }
      this.last = steps;
      this.rangeSampleEvery =
          Math.max(1, (int) Math.round(seconds(request.rangeSampleInterval()) / step));
      this.states = new double[request.satellites().size()][];
    }

    void propagate() {
      List<Satellite> satellites = request.satellites();
      Map<Frame, FrameGrid> grids = new HashMap<>();
      for (int i = 0; i < satellites.size(); i++) {
        Trajectory trajectory = new Trajectory(satellites.get(i), data, startDate);
        trajectories.add(trajectory);
        FrameGrid grid =
            grids.computeIfAbsent(
                trajectory.inertialFrame(), f -> new FrameGrid(f, data.itrf(), startDate, times));
        trajectory.useGrid(grid);
        double[] s = new double[times.length * 6];
        for (int k = 0; k < times.length; k++) {
          Transform toItrf = grid.atGrid(k);
          PVCoordinates pv = trajectory.inertialState(toItrf.getDate());
          Trajectory.write(toItrf.transformPVCoordinates(pv), s, k * 6);
          trajectory.observe(
              s[k * 6], s[k * 6 + 1], s[k * 6 + 2], s[k * 6 + 3], s[k * 6 + 4], s[k * 6 + 5]);
        }
        states[i] = s;
        progress.progressed(PredictionProgress.Phase.PROPAGATION, i + 1, satellites.size());
      }
    }

    void groundWindows(List<ContactWindow> out) {
      List<GroundStation> stations = request.stations();
      for (int g = 0; g < stations.size(); g++) {
        GroundStation station = stations.get(g);
        GeodeticPoint point =
            new GeodeticPoint(
                Math.toRadians(station.latitudeDegrees()),
                Math.toRadians(station.longitudeDegrees()),
                station.altitudeMeters());
        Vector3D position = data.earth().transform(point);
        Vector3D zenith = point.getZenith();
        double sinMask = Math.sin(Math.toRadians(station.minElevationDegrees()));
        for (int i = 0; i < trajectories.size(); i++) {
          GroundMargin margin =
              new GroundMargin(trajectories.get(i), states[i], position, zenith, sinMask);
          for (WindowSearch.Interval w : search.windows(margin, times, margin, 0, last)) {
            out.add(
                window(
                    ContactWindow.Kind.GROUND,
                    station.node(),
                    trajectories.get(i).satellite().node(),
                    w,
                    request.uplink().rateBytesPerSecond(),
                    request.downlink().rateBytesPerSecond(),
                    margin));
          }
        }
        progress.progressed(PredictionProgress.Phase.GROUND_STATIONS, g + 1, stations.size());
      }
    }

    void interSatelliteWindows(InterSatelliteLinks isl, List<ContactWindow> out) {
      int n = trajectories.size();
      long rate = isl.link().rateBytesPerSecond();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          RangeMargin range =
              new RangeMargin(
                  trajectories.get(i),
                  states[i],
                  trajectories.get(j),
                  states[j],
                  isl.maxRangeMeters());
          if (!range.mayComeWithinRange(times)) {
            continue;
          }
          List<WindowSearch.Interval> inRange = search.windows(range, times, range, 0, last);
          if (inRange.isEmpty()) {
            continue;
          }
          SightMargin sight =
              new SightMargin(
                  trajectories.get(i),
                  states[i],
                  trajectories.get(j),
                  states[j],
                  isl.grazingAltitudeMeters());
          List<WindowSearch.Interval> visible = new ArrayList<>();
          for (WindowSearch.Interval w : inRange) {
            int from = gridIndexAtOrBefore(w.start());
            int to = gridIndexAtOrAfter(w.end());
            List<WindowSearch.Interval> clear = search.windows(sight, times, sight, from, to);
            visible.addAll(WindowSearch.intersect(List.of(w), clear));
          }
          long a = trajectories.get(i).satellite().node();
          long b = trajectories.get(j).satellite().node();
          for (WindowSearch.Interval w : visible) {
            out.add(
                a < b
                    ? window(ContactWindow.Kind.INTER_SATELLITE, a, b, w, rate, rate, range)
                    : window(ContactWindow.Kind.INTER_SATELLITE, b, a, w, rate, rate, range));
          }
        }
        progress.progressed(PredictionProgress.Phase.INTER_SATELLITE_LINKS, i + 1, n);
      }
    }

    private int gridIndexAtOrBefore(double t) {
      double step = times.length > 1 ? times[1] : 1;
      int k = (int) Math.floor(t / step);
      return Math.max(0, Math.min(k, last));
    }

    private int gridIndexAtOrAfter(double t) {
      double step = times.length > 1 ? times[1] : 1;
      int k = (int) Math.ceil(t / step);
      return Math.max(0, Math.min(k, last));
    }

    private ContactWindow window(
        ContactWindow.Kind kind,
        long nodeA,
        long nodeB,
        WindowSearch.Interval w,
        long rateAToB,
        long rateBToA,
        RangeSource ranges) {
      List<RangeSample> samples = new ArrayList<>();
      samples.add(new RangeSample(instant(w.start()), ranges.exactRange(w.start())));
      int first = gridIndexAtOrAfter(w.start());
      for (int k = first; k <= last && times[k] < w.end(); k++) {
        if (k % rangeSampleEvery == 0 && times[k] > w.start()) {
          samples.add(new RangeSample(instant(times[k]), ranges.gridRange(k)));
        }
      }
      samples.add(new RangeSample(instant(w.end()), ranges.exactRange(w.end())));
      return new ContactWindow(
          kind,
          nodeA,
          nodeB,
          instant(w.start()),
          instant(w.end()),
          w.openAtStart(),
          w.openAtEnd(),
          rateAToB,
          rateBToA,
          samples);
    }

    /**
     * The UTC instant {@code secondsAfterStart} SI seconds after the span start. {@link Instant}
     * has no leap seconds: a leap second inside the span makes UTC fall one second behind.
     */
    private Instant instant(double secondsAfterStart) {
      double utcMinusTai =
          data.utc().offsetFromTAI(startDate.shiftedBy(secondsAfterStart)).toDouble();
      double elapsedUtc = secondsAfterStart + (utcMinusTai - startUtcMinusTai);
      long whole = (long) Math.floor(elapsedUtc);
      long nanos = Math.round((elapsedUtc - whole) * 1e9);
      return request.start().plusSeconds(whole).plusNanos(nanos);
    }
  }

  static double seconds(java.time.Duration d) {
    return d.getSeconds() + d.getNano() * 1e-9;
  }

  /** A margin whose windows have a range. */
  private interface RangeSource {
    double exactRange(double t);

    double gridRange(int k);
  }

  /**
   * {@code sin(elevation) − sin(mask)} of a satellite seen from a station; aux is the slant range.
   */
  private static final class GroundMargin
      implements WindowSearch.Margin, WindowSearch.GridSamples, RangeSource {
    private final Trajectory satellite;
    private final double[] states;
    private final double sx;
    private final double sy;
    private final double sz;
    private final double ux;
    private final double uy;
    private final double uz;
    private final double sinMask;
    private final double minRange;
    private final double[] exact = new double[6];

    GroundMargin(
        Trajectory satellite, double[] states, Vector3D station, Vector3D up, double sinMask) {
      this.satellite = satellite;
      this.states = states;
      this.sx = station.getX();
      this.sy = station.getY();
      this.sz = station.getZ();
      this.ux = up.getX();
      this.uy = up.getY();
      this.uz = up.getZ();
      this.sinMask = sinMask;
      this.minRange = Math.max(1_000.0, satellite.minRadius() - station.getNorm());
    }

    @Override
    public void sample(int k, double[] out) {
      compute(states, k * 6, out);
    }

    @Override
    public void evaluate(double t, double[] out) {
      satellite.itrfState(t, exact, 0);
      compute(exact, 0, out);
    }

    private void compute(double[] s, int o, double[] out) {
      double rx = s[o] - sx;
      double ry = s[o + 1] - sy;
      double rz = s[o + 2] - sz;
      double vx = s[o + 3];
      double vy = s[o + 4];
      double vz = s[o + 5];
      double rho = Math.sqrt(rx * rx + ry * ry + rz * rz);
      double ru = rx * ux + ry * uy + rz * uz;
      double vu = vx * ux + vy * uy + vz * uz;
      double rv = rx * vx + ry * vy + rz * vz;
      out[0] = ru / rho - sinMask;
      out[1] = vu / rho - ru * rv / (rho * rho * rho);
      out[2] = rho;
      out[3] = Math.sqrt(vx * vx + vy * vy + vz * vz);
    }

    @Override
    public boolean hasRate() {
      return true;
    }

    @Override
    public double bound(double h, double rhoA, double speedA, double rhoB, double speedB) {
      // the speed on the interval: at most the larger end speed plus what the acceleration adds
      double acceleration = satellite.maxAcceleration();
      double v = Math.min(satellite.maxSpeed(), Math.max(speedA, speedB) + acceleration * h / 2);
      double rho = Math.max(minRange, Math.min(rhoA, rhoB) - v * h / 2);
      return acceleration / rho + 3 * v * v / (rho * rho);
    }

    @Override
    public double exactRange(double t) {
      satellite.itrfState(t, exact, 0);
      double rx = exact[0] - sx;
      double ry = exact[1] - sy;
      double rz = exact[2] - sz;
      return Math.sqrt(rx * rx + ry * ry + rz * rz);
    }

    @Override
    public double gridRange(int k) {
      int o = k * 6;
      double rx = states[o] - sx;
      double ry = states[o + 1] - sy;
      double rz = states[o + 2] - sz;
      return Math.sqrt(rx * rx + ry * ry + rz * rz);
    }
  }

  /** {@code maxRange − d} between two satellites; aux is the distance {@code d}. */
  private static final class RangeMargin
      implements WindowSearch.Margin, WindowSearch.GridSamples, RangeSource {
    private final Trajectory first;
    private final double[] firstStates;
    private final Trajectory second;
    private final double[] secondStates;
    private final double maxRange;
    private final double maxRelativeSpeed;
    private final double maxRelativeAcceleration;
    private final double[] exact = new double[12];

    RangeMargin(
        Trajectory first,
        double[] firstStates,
        Trajectory second,
        double[] secondStates,
        double maxRange) {
      this.first = first;
      this.firstStates = firstStates;
      this.second = second;
      this.secondStates = secondStates;
      this.maxRange = maxRange;
      this.maxRelativeSpeed = first.maxSpeed() + second.maxSpeed();
      this.maxRelativeAcceleration = first.maxAcceleration() + second.maxAcceleration();
    }

    /**
     * False when the distance provably stays above the maximum range over the whole span: between
     * two grid points the distance falls at most at the maximum relative speed.
     */
    boolean mayComeWithinRange(double[] times) {
      double previous = distance(firstStates, secondStates, 0);
      if (previous <= maxRange) {
        return true;
      }
      for (int k = 1; k < times.length; k++) {
        double d = distance(firstStates, secondStates, k * 6);
        if ((previous + d - maxRelativeSpeed * (times[k] - times[k - 1])) / 2 <= maxRange) {
          return true;
        }
        previous = d;
      }
      return false;
    }

    private static double distance(double[] p, double[] q, int o) {
      double rx = q[o] - p[o];
      double ry = q[o + 1] - p[o + 1];
      double rz = q[o + 2] - p[o + 2];
      return Math.sqrt(rx * rx + ry * ry + rz * rz);
    }

    @Override
    public void sample(int k, double[] out) {
      compute(firstStates, k * 6, secondStates, k * 6, out);
    }

    @Override
    public void evaluate(double t, double[] out) {
      first.itrfState(t, exact, 0);
      second.itrfState(t, exact, 6);
      compute(exact, 0, exact, 6, out);
    }

    private void compute(double[] p, int op, double[] q, int oq, double[] out) {
      double rx = q[oq] - p[op];
      double ry = q[oq + 1] - p[op + 1];
      double rz = q[oq + 2] - p[op + 2];
      double vx = q[oq + 3] - p[op + 3];
      double vy = q[oq + 4] - p[op + 4];
      double vz = q[oq + 5] - p[op + 5];
      double d = Math.sqrt(rx * rx + ry * ry + rz * rz);
      out[0] = maxRange - d;
      out[1] = d > 0 ? -(rx * vx + ry * vy + rz * vz) / d : 0;
      out[2] = d;
      out[3] = Math.sqrt(vx * vx + vy * vy + vz * vz);
    }

    @Override
    public boolean hasRate() {
      return true;
    }

    @Override
    public double bound(double h, double dA, double speedA, double dB, double speedB) {
      // the relative speed on the interval: the larger end value plus what the accelerations add
      double v =
          Math.min(maxRelativeSpeed, Math.max(speedA, speedB) + maxRelativeAcceleration * h / 2);
      double d = Math.max(1_000.0, Math.min(dA, dB) - v * h / 2);
      return maxRelativeAcceleration + v * v / d;
    }

    @Override
    public double exactRange(double t) {
      first.itrfState(t, exact, 0);
      second.itrfState(t, exact, 6);
      double rx = exact[6] - exact[0];
      double ry = exact[7] - exact[1];
      double rz = exact[8] - exact[2];
      return Math.sqrt(rx * rx + ry * ry + rz * rz);
    }

    @Override
    public double gridRange(int k) {
      return distance(firstStates, secondStates, k * 6);
    }
  }

  /**
   * Clearance of the line of sight between two satellites above the grazing altitude. Coordinates
   * are scaled along the polar axis so that the WGS-84 ellipsoid grown by the grazing altitude
   * becomes a sphere; the margin is the distance from the centre to the segment minus its radius.
   */
  private static final class SightMargin implements WindowSearch.Margin, WindowSearch.GridSamples {
    private final Trajectory first;
    private final double[] firstStates;
    private final Trajectory second;
    private final double[] secondStates;
    private final double radius;
    private final double zScale;
    private final double maxPointSpeed;
    private final double[] exact = new double[12];

    SightMargin(
        Trajectory first,
        double[] firstStates,
        Trajectory second,
        double[] secondStates,
        double grazingAltitude) {
      this.first = first;
      this.firstStates = firstStates;
      this.second = second;
      this.secondStates = secondStates;
      this.radius = WGS84_A + grazingAltitude;
      this.zScale = (WGS84_A + grazingAltitude) / (WGS84_B + grazingAltitude);
      this.maxPointSpeed = zScale * Math.max(first.maxSpeed(), second.maxSpeed());
    }

    @Override
    public void sample(int k, double[] out) {
      out[0] = clearance(firstStates, k * 6, secondStates, k * 6);
      out[1] = Double.NaN;
      out[2] = 0;
      out[3] = 0;
    }

    @Override
    public void evaluate(double t, double[] out) {
      first.itrfState(t, exact, 0);
      second.itrfState(t, exact, 6);
      out[0] = clearance(exact, 0, exact, 6);
      out[1] = Double.NaN;
      out[2] = 0;
      out[3] = 0;
    }

    private double clearance(double[] p, int op, double[] q, int oq) {
      double px = p[op];
      double py = p[op + 1];
      double pz = p[op + 2] * zScale;
      double wx = q[oq] - px;
      double wy = q[oq + 1] - py;
      double wz = q[oq + 2] * zScale - pz;
      double ww = wx * wx + wy * wy + wz * wz;
      double s = ww > 0 ? -(px * wx + py * wy + pz * wz) / ww : 0;
      s = Math.max(0, Math.min(1, s));
      double cx = px + s * wx;
      double cy = py + s * wy;
      double cz = pz + s * wz;
      return Math.sqrt(cx * cx + cy * cy + cz * cz) - radius;
    }

    @Override
    public boolean hasRate() {
      return false;
    }

    @Override
    public double bound(double h, double auxA, double speedA, double auxB, double speedB) {
      return maxPointSpeed;
    }
  }
}
