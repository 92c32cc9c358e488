package org.starlane.cgr.orbit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.frames.TopocentricFrame;
import org.orekit.propagation.Propagator;
import org.orekit.propagation.events.ElevationDetector;
import org.orekit.propagation.events.EventsLogger;
import org.orekit.propagation.events.handlers.ContinueOnEvent;
import org.orekit.time.AbsoluteDate;

/** Shared test data: the sample constellation and stations, and Orekit detector references. */
final class Fixtures {
  static final EarthData DATA = EarthData.bundled();
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  static final LinkType UPLINK = new LinkType("uplink", 2_000);
  static final LinkType DOWNLINK = new LinkType("downlink", 125_000);

  private static List<Satellite> satellites;
  private static List<GroundStation> stations;

  private Fixtures() {}

  static synchronized List<Satellite> satellites() {
    if (satellites == null) {
      try (Reader r = resource("relay-walker-66.tle")) {
        satellites = TwoLineElementsFile.read(r, "relay-walker-66.tle", 1001);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return satellites;
  }

  static synchronized List<GroundStation> stations() {
    if (stations == null) {
      try (Reader r = resource("ground-stations.csv")) {
        stations = GroundStationsFile.read(r, "ground-stations.csv", 1, 10);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return stations;
  }

  static Reader resource(String name) {
    InputStream in = Fixtures.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("test resource " + name + " missing");
    }
    return new InputStreamReader(in, StandardCharsets.US_ASCII);
  }

  static Satellite satellite(String name) {
    return satellites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  static GroundStation station(String name) {
    return stations().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** A reference window in seconds after the start, from Orekit's own event detection. */
  record Pass(double start, double end) {}

  /**
   * Visibility windows of {@code propagator} from {@code station} by Orekit's {@link
   * ElevationDetector} with a fine maximum check interval: the reference the predictor must match.
   */
  static List<Pass> detectorPasses(
      Propagator propagator,
      GroundStation station,
      AbsoluteDate start,
      double seconds,
      double maxCheckSeconds) {
    TopocentricFrame topo =
        new TopocentricFrame(
            DATA.earth(),
            new GeodeticPoint(
                Math.toRadians(station.latitudeDegrees()),
                Math.toRadians(station.longitudeDegrees()),
                station.altitudeMeters()),
            station.name());
    ElevationDetector detector =
        new ElevationDetector(maxCheckSeconds, 1e-6, topo)
            .withConstantElevation(Math.toRadians(station.minElevationDegrees()))
            .withHandler(new ContinueOnEvent());
    double open = detector.g(propagator.propagate(start)) >= 0 ? 0 : Double.NaN;
    EventsLogger logger = new EventsLogger();
    propagator.addEventDetector(logger.monitorDetector(detector));
    propagator.propagate(start, start.shiftedBy(seconds));
    List<Pass> out = new ArrayList<>();
    for (EventsLogger.LoggedEvent e : logger.getLoggedEvents()) {
      double t = e.getDate().durationFrom(start);
      if (e.isIncreasing()) {
        open = t;
      } else if (!Double.isNaN(open)) {
        out.add(new Pass(open, t));
        open = Double.NaN;
      }
    }
    if (!Double.isNaN(open)) {
      out.add(new Pass(open, seconds));
    }
    return out;
  }

  static double secondsBetween(Instant from, Instant to) {
    return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) * 1e-9;
  }

  static org.orekit.propagation.analytical.tle.TLEPropagator sgp4(Satellite satellite) {
    TwoLineElements tle = (TwoLineElements) satellite.elements();
    return org.orekit.propagation.analytical.tle.TLEPropagator.selectExtrapolator(
        new org.orekit.propagation.analytical.tle.TLE(tle.line1(), tle.line2(), DATA.utc()),
        new org.orekit.attitudes.FrameAlignedProvider(DATA.teme()),
        Propagator.DEFAULT_MASS,
        DATA.teme());
  }
}
