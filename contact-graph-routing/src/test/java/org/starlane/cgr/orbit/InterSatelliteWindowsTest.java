package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;

/**
 * Inter-satellite windows against a brute-force reference: both satellites sampled every 0.25 s
 * with Orekit's exact frames, the range measured directly and the line of sight checked with
 * Orekit's own {@code OneAxisEllipsoid.lowestAltitudeIntermediate}.
 */
class InterSatelliteWindowsTest {
  private static final double FINE_STEP = 0.25;
  private static final double SPAN_SECONDS = 4 * 3600;

  private List<Fixtures.Pass> bruteForce(
      Satellite a, Satellite b, double maxRange, double grazingAltitude) {
    TLEPropagator pa = Fixtures.sgp4(a);
    TLEPropagator pb = Fixtures.sgp4(b);
    AbsoluteDate start = new AbsoluteDate(Fixtures.EPOCH, Fixtures.DATA.utc());
    List<Fixtures.Pass> out = new ArrayList<>();
    double open = Double.NaN;
    for (double t = 0; t <= SPAN_SECONDS; t += FINE_STEP) {
      AbsoluteDate date = start.shiftedBy(t);
      Vector3D p = pa.getPVCoordinates(date, Fixtures.DATA.itrf()).getPosition();
      Vector3D q = pb.getPVCoordinates(date, Fixtures.DATA.itrf()).getPosition();
      boolean visible =
          p.distance(q) <= maxRange
              && Fixtures.DATA.earth().lowestAltitudeIntermediate(p, q).getAltitude()
                  >= grazingAltitude;
      if (visible && Double.isNaN(open)) {
        open = t;
      } else if (!visible && !Double.isNaN(open)) {
        out.add(new Fixtures.Pass(open, t));
        open = Double.NaN;
      }
    }
    if (!Double.isNaN(open)) {
      out.add(new Fixtures.Pass(open, SPAN_SECONDS));
    }
    return out;
  }

  private List<ContactWindow> predict(Satellite a, Satellite b, double maxRange, double grazing) {
    return new ContactPredictor(Fixtures.DATA)
        .predict(
            PredictionRequest.of(
                    List.of(a, b),
                    List.of(),
                    Fixtures.EPOCH,
                    Duration.ofSeconds((long) SPAN_SECONDS),
                    Fixtures.UPLINK,
                    Fixtures.DOWNLINK)
                .withInterSatelliteLinks(
                    new InterSatelliteLinks(
                        maxRange, grazing, new LinkType("crosslink", 1_000_000))));
  }

  private static void assertMatches(
      List<ContactWindow> windows, List<Fixtures.Pass> reference, double tolerance) {
    assertThat(windows).hasSameSizeAs(reference);
    for (int i = 0; i < windows.size(); i++) {
      // the brute force sees a change up to one fine step late
      double start = Fixtures.secondsBetween(Fixtures.EPOCH, windows.get(i).start());
      double end = Fixtures.secondsBetween(Fixtures.EPOCH, windows.get(i).end());
      assertThat(start).as("start %d", i).isCloseTo(reference.get(i).start(), within(tolerance));
      assertThat(end).as("end %d", i).isCloseTo(reference.get(i).end(), within(tolerance));
    }
  }

  @Test
  void rangeLimitedWindowsBetweenAdjacentPlanesMatchBruteForce() {
    Satellite a = Fixtures.satellite("RELAY-1A");
    Satellite b = Fixtures.satellite("RELAY-2A");
    List<Fixtures.Pass> reference = bruteForce(a, b, 2_500_000, 100_000);
    assertThat(reference).hasSizeGreaterThanOrEqualTo(3);

    List<ContactWindow> windows = predict(a, b, 2_500_000, 100_000);

    assertMatches(windows, reference, FINE_STEP + 0.01);
    for (ContactWindow w : windows) {
      assertThat(w.kind()).isEqualTo(ContactWindow.Kind.INTER_SATELLITE);
      assertThat(w.nodeA()).isEqualTo(a.node());
      assertThat(w.nodeB()).isEqualTo(b.node());
      assertThat(w.maxRangeMeters()).isLessThanOrEqualTo(2_500_000 + 1.0);
      assertThat(w.rateAToBBytesPerSecond()).isEqualTo(1_000_000);
    }
  }

  @Test
  void lineOfSightLimitedWindowsMatchBruteForceWithOrekitsLowestAltitude() {
    // planes 1 and 4 are 90° apart in node: their satellites often see each other across the Earth
    Satellite a = Fixtures.satellite("RELAY-1A");
    Satellite b = Fixtures.satellite("RELAY-4A");
    List<Fixtures.Pass> reference = bruteForce(a, b, 20_000_000, 100_000);
    assertThat(reference).hasSizeGreaterThanOrEqualTo(2);

    List<ContactWindow> windows = predict(a, b, 20_000_000, 100_000);

    // the predictor's grown ellipsoid and a true 100 km altitude differ by well under a kilometre
    assertMatches(windows, reference, 1.0);
    for (ContactWindow w : windows) {
      assertThat(w.maxRangeMeters()).isGreaterThan(4_000_000);
    }
  }

  @Test
  void noWindowBetweenSatellitesThatNeverComeWithinRange() {
    Satellite a = Fixtures.satellite("RELAY-1A");
    Satellite b = Fixtures.satellite("RELAY-1F");
    // half an orbit apart in the same plane: always about 14,000 km apart, behind the Earth
    assertThat(predict(a, b, 4_000_000, 100_000)).isEmpty();
  }
}
