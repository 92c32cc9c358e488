package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orekit.orbits.KeplerianOrbit;
import org.orekit.orbits.PositionAngleType;
import org.orekit.propagation.analytical.KeplerianPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.UTCScale;
import org.orekit.utils.Constants;

/** The shipped leap-second table, and predictions across the leap second of 2016-12-31. */
class LeapSecondTest {
  private final UTCScale utc = Fixtures.DATA.utc();

  @Test
  void utcMinusTaiStepsFromMinus36ToMinus37AtTheStartOf2017() {
    AbsoluteDate before = new AbsoluteDate(2016, 12, 31, 23, 59, 59.0, utc);
    AbsoluteDate after = new AbsoluteDate(2017, 1, 1, 0, 0, 0.0, utc);
    assertThat(utc.offsetFromTAI(before).toDouble()).isEqualTo(-36.0);
    assertThat(utc.offsetFromTAI(after).toDouble()).isEqualTo(-37.0);
    // 23:59:59, 23:59:60, 00:00:00: two SI seconds between the two UTC readings
    assertThat(after.durationFrom(before)).isEqualTo(2.0);
    assertThat(utc.offsetFromTAI(new AbsoluteDate(2026, 1, 1, 0, 0, 0.0, utc)).toDouble())
        .isEqualTo(-37.0);
    // the first leap second of 1972 and the rubber-second era before it come from the same table
    assertThat(utc.offsetFromTAI(new AbsoluteDate(1972, 1, 1, 0, 0, 0.0, utc)).toDouble())
        .isEqualTo(-10.0);
  }

  @Test
  void windowsAcrossTheLeapSecondMatchOrekitDetectorInUtc() {
    Instant epoch = Instant.parse("2016-12-31T22:00:00Z");
    KeplerianElements elements = new KeplerianElements(epoch, 7_158_000, 0.0005, 86.4, 10, 0, 200);
    Satellite satellite = new Satellite(1001, "KEPLER", elements);
    GroundStation station = Fixtures.station("svalbard");
    Duration span = Duration.ofHours(5);

    List<ContactWindow> windows =
        new ContactPredictor(Fixtures.DATA)
            .predict(
                PredictionRequest.of(
                    List.of(satellite),
                    List.of(station),
                    epoch,
                    span,
                    Fixtures.UPLINK,
                    Fixtures.DOWNLINK));

    AbsoluteDate start = new AbsoluteDate(epoch, utc);
    KeplerianOrbit orbit =
        new KeplerianOrbit(
            7_158_000,
            0.0005,
            Math.toRadians(86.4),
            0,
            Math.toRadians(10),
            Math.toRadians(200),
            PositionAngleType.MEAN,
            Fixtures.DATA.dataContext().getFrames().getEME2000(),
            start,
            Constants.WGS84_EARTH_MU);
    // the span holds 5 h of UTC, one of its SI seconds is the leap second
    double spanSeconds = span.toSeconds();
    List<Fixtures.Pass> reference =
        Fixtures.detectorPasses(new KeplerianPropagator(orbit), station, start, spanSeconds, 1.0);
    assertThat(reference).hasSizeGreaterThanOrEqualTo(2);
    assertThat(windows).hasSameSizeAs(reference);
    AbsoluteDate leap = new AbsoluteDate(2017, 1, 1, 0, 0, 0.0, utc);
    boolean afterLeap = false;
    for (int i = 0; i < windows.size(); i++) {
      Instant expectedStart =
          start.shiftedBy(reference.get(i).start()).toInstant(Fixtures.DATA.timeScales());
      Instant expectedEnd =
          start.shiftedBy(reference.get(i).end()).toInstant(Fixtures.DATA.timeScales());
      assertThat(Fixtures.secondsBetween(expectedStart, windows.get(i).start()))
          .isCloseTo(0, within(0.010));
      if (!windows.get(i).openAtEnd()) {
        assertThat(Fixtures.secondsBetween(expectedEnd, windows.get(i).end()))
            .isCloseTo(0, within(0.010));
      }
      afterLeap |= start.shiftedBy(reference.get(i).start()).isAfter(leap);
    }
    assertThat(afterLeap).as("a window after the leap second").isTrue();
    // the span ends 5 h of SI time after it began: 04:59:59 UTC, one leap second short of 5 h
    ContactWindow last = windows.get(windows.size() - 1);
    if (last.openAtEnd()) {
      assertThat(last.end()).isEqualTo(epoch.plus(span).minusSeconds(1));
    }
  }
}
