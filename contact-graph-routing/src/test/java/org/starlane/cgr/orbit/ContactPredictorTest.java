package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orekit.time.AbsoluteDate;

/**
 * Ground windows against Orekit's own {@code ElevationDetector} (the reference): same passes, each
 * boundary within 10 ms (the requirement is 1 s). Also windows cut by the span and a pass shorter
 * than the grid step.
 */
class ContactPredictorTest {
  private static final double TOLERANCE_SECONDS = 0.010;
  private final ContactPredictor predictor = new ContactPredictor(Fixtures.DATA);

  private List<ContactWindow> predict(
      Satellite satellite, GroundStation station, Instant start, Duration span, Duration step) {
    return predictor.predict(
        PredictionRequest.of(
                List.of(satellite),
                List.of(station),
                start,
                span,
                Fixtures.UPLINK,
                Fixtures.DOWNLINK)
            .withGridStep(step));
  }

  private static void assertMatches(
      List<ContactWindow> windows, List<Fixtures.Pass> reference, Instant start) {
    assertThat(windows).hasSameSizeAs(reference);
    for (int i = 0; i < windows.size(); i++) {
      ContactWindow w = windows.get(i);
      Fixtures.Pass p = reference.get(i);
      assertThat(Fixtures.secondsBetween(start, w.start()))
          .as("start of window %d", i)
          .isCloseTo(p.start(), within(TOLERANCE_SECONDS));
      assertThat(Fixtures.secondsBetween(start, w.end()))
          .as("end of window %d", i)
          .isCloseTo(p.end(), within(TOLERANCE_SECONDS));
    }
  }

  @Test
  void groundWindowsMatchOrekitElevationDetectorForSeveralSatellitesAndStations() {
    Duration span = Duration.ofHours(8);
    AbsoluteDate start = new AbsoluteDate(Fixtures.EPOCH, Fixtures.DATA.utc());
    int passes = 0;
    for (String sat : List.of("RELAY-1A", "RELAY-3F", "RELAY-6K")) {
      for (String st : List.of("svalbard", "canberra")) {
        Satellite satellite = Fixtures.satellite(sat);
        GroundStation station = Fixtures.station(st);
        List<ContactWindow> windows =
            predict(satellite, station, Fixtures.EPOCH, span, PredictionRequest.DEFAULT_GRID_STEP);
        List<Fixtures.Pass> reference =
            Fixtures.detectorPasses(
                Fixtures.sgp4(satellite), station, start, span.toSeconds(), 1.0);
        assertMatches(windows, reference, Fixtures.EPOCH);
        for (ContactWindow w : windows) {
          assertThat(w.kind()).isEqualTo(ContactWindow.Kind.GROUND);
          assertThat(w.nodeA()).isEqualTo(station.node());
          assertThat(w.nodeB()).isEqualTo(satellite.node());
          assertThat(w.rateAToBBytesPerSecond()).isEqualTo(Fixtures.UPLINK.rateBytesPerSecond());
          assertThat(w.rateBToABytesPerSecond()).isEqualTo(Fixtures.DOWNLINK.rateBytesPerSecond());
        }
        passes += windows.size();
      }
    }
    // svalbard sees the polar satellites on most orbits: the comparison covers many passes
    assertThat(passes).isGreaterThan(15);
  }

  @Test
  void windowOpenAtTheStartAndStillOpenAtTheEndAreCutBySpan() {
    Satellite satellite = Fixtures.satellite("RELAY-1A");
    GroundStation station = Fixtures.station("svalbard");
    AbsoluteDate epoch = new AbsoluteDate(Fixtures.EPOCH, Fixtures.DATA.utc());
    List<Fixtures.Pass> day =
        Fixtures.detectorPasses(Fixtures.sgp4(satellite), station, epoch, 86_400, 1.0);
    assertThat(day.size()).isGreaterThanOrEqualTo(4);
    Fixtures.Pass first = day.get(1);
    Fixtures.Pass last = day.get(3);
    // start in the middle of one pass, end in the middle of a later one
    double startOffset = (first.start() + first.end()) / 2;
    double endOffset = (last.start() + last.end()) / 2;
    Instant start = Fixtures.EPOCH.plusNanos(Math.round(startOffset * 1e9));
    Duration span = Duration.ofNanos(Math.round((endOffset - startOffset) * 1e9));

    List<ContactWindow> windows =
        predict(satellite, station, start, span, PredictionRequest.DEFAULT_GRID_STEP);

    assertThat(windows).hasSize(3);
    ContactWindow open = windows.get(0);
    assertThat(open.openAtStart()).isTrue();
    assertThat(open.openAtEnd()).isFalse();
    assertThat(open.start()).isEqualTo(start);
    assertThat(Fixtures.secondsBetween(Fixtures.EPOCH, open.end()))
        .isCloseTo(first.end(), within(TOLERANCE_SECONDS));
    assertThat(windows.get(1).openAtStart()).isFalse();
    assertThat(windows.get(1).openAtEnd()).isFalse();
    ContactWindow closing = windows.get(2);
    assertThat(closing.openAtEnd()).isTrue();
    assertThat(closing.openAtStart()).isFalse();
    assertThat(closing.end()).isEqualTo(start.plus(span));
    assertThat(Fixtures.secondsBetween(Fixtures.EPOCH, closing.start()))
        .isCloseTo(last.start(), within(TOLERANCE_SECONDS));
  }

  @Test
  void findsAPassShorterThanTheGridStepThatNoGridSampleSees() {
    Satellite satellite = Fixtures.satellite("RELAY-2C");
    GroundStation base = Fixtures.station("madrid");
    AbsoluteDate epoch = new AbsoluteDate(Fixtures.EPOCH, Fixtures.DATA.utc());
    // the highest elevation of the first pass above a 5° mask, found with a fine detector
    GroundStation low =
        new GroundStation(
            base.node(),
            base.name(),
            base.latitudeDegrees(),
            base.longitudeDegrees(),
            base.altitudeMeters(),
            5);
    Fixtures.Pass pass =
        Fixtures.detectorPasses(Fixtures.sgp4(satellite), low, epoch, 43_200, 1.0).get(0);
    double culmination = highestElevation(satellite, low, epoch, pass);
    // a mask 0.0002° below the culmination leaves a pass of a second or two
    GroundStation grazing =
        new GroundStation(
            base.node(),
            base.name(),
            base.latitudeDegrees(),
            base.longitudeDegrees(),
            base.altitudeMeters(),
            culmination - 0.0002);
    // compare over the 20 minutes around that pass: the detector needs a 0.05 s check to see it
    // the span starts so that the pass falls halfway between two points of a 60 s grid
    double from = Math.round((pass.start() + pass.end()) / 2) - 630;
    double seconds = 1200;
    AbsoluteDate windowStart = epoch.shiftedBy(from);
    Instant start = Fixtures.EPOCH.plusSeconds((long) from);
    List<Fixtures.Pass> reference =
        Fixtures.detectorPasses(Fixtures.sgp4(satellite), grazing, windowStart, seconds, 0.05);
    assertThat(reference).hasSize(1);
    Fixtures.Pass shortPass = reference.get(0);
    assertThat(shortPass.end() - shortPass.start()).isLessThan(5.0);

    Duration step = Duration.ofSeconds(60);
    List<ContactWindow> windows =
        predict(satellite, grazing, start, Duration.ofSeconds((long) seconds), step);

    // a plain 60 s sampling sees nothing: no grid instant falls inside the pass
    assertThat(Math.floor(shortPass.end() / 60)).isEqualTo(Math.floor(shortPass.start() / 60));
    assertMatches(windows, reference, start);
  }

  /** The highest elevation in degrees during {@code pass}, sampled every 0.05 s. */
  private static double highestElevation(
      Satellite satellite, GroundStation station, AbsoluteDate epoch, Fixtures.Pass pass) {
    var topo =
        new org.orekit.frames.TopocentricFrame(
            Fixtures.DATA.earth(),
            new org.orekit.bodies.GeodeticPoint(
                Math.toRadians(station.latitudeDegrees()),
                Math.toRadians(station.longitudeDegrees()),
                station.altitudeMeters()),
            station.name());
    var propagator = Fixtures.sgp4(satellite);
    double best = -90;
    for (double t = pass.start(); t <= pass.end(); t += 0.05) {
      AbsoluteDate date = epoch.shiftedBy(t);
      double e =
          topo.getElevation(
              propagator.getPVCoordinates(date, Fixtures.DATA.itrf()).getPosition(),
              Fixtures.DATA.itrf(),
              date);
      best = Math.max(best, Math.toDegrees(e));
    }
    return best;
  }

  @Test
  void rangeSamplesMatchTheSlantRangeAndLightTimeIsRangeOverC() {
    Satellite satellite = Fixtures.satellite("RELAY-1A");
    GroundStation station = Fixtures.station("svalbard");
    List<ContactWindow> windows =
        predict(
            satellite,
            station,
            Fixtures.EPOCH,
            Duration.ofHours(6),
            PredictionRequest.DEFAULT_GRID_STEP);
    assertThat(windows).isNotEmpty();
    var propagator = Fixtures.sgp4(satellite);
    var stationPosition =
        Fixtures.DATA
            .earth()
            .transform(
                new org.orekit.bodies.GeodeticPoint(
                    Math.toRadians(station.latitudeDegrees()),
                    Math.toRadians(station.longitudeDegrees()),
                    station.altitudeMeters()));
    List<RangeSample> all = new ArrayList<>();
    windows.forEach(w -> all.addAll(w.ranges()));
    for (RangeSample r : all) {
      AbsoluteDate date = new AbsoluteDate(r.at(), Fixtures.DATA.utc());
      double expected =
          propagator
              .getPVCoordinates(date, Fixtures.DATA.itrf())
              .getPosition()
              .distance(stationPosition);
      assertThat(r.rangeMeters()).isCloseTo(expected, within(1.0));
      assertThat(r.oneWayLightTimeSeconds()).isCloseTo(expected / 299_792_458.0, within(1e-8));
    }
    // a LEO pass above 10°: between the altitude (~780 km) and the horizon range at 10° (~2,400 km)
    for (ContactWindow w : windows) {
      assertThat(w.ranges().get(0).at()).isEqualTo(w.start());
      assertThat(w.ranges().get(w.ranges().size() - 1).at()).isEqualTo(w.end());
      assertThat(w.maxRangeMeters()).isBetween(700_000.0, 2_500_000.0);
    }
  }
}
