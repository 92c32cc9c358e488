package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/** Windows become two contacts and one range each, rounded towards the pessimistic side. */
class PredictedContactPlanTest {
  private static ContactWindow window(String start, String end, long a, long b, double... ranges) {
    Instant s = Instant.parse(start);
    Instant e = Instant.parse(end);
    List<RangeSample> samples =
        List.of(new RangeSample(s, ranges[0]), new RangeSample(e, ranges[ranges.length - 1]));
    return new ContactWindow(
        ContactWindow.Kind.GROUND, a, b, s, e, false, false, 100, 5_000, samples);
  }

  @Test
  void windowGivesContactsBothWaysAndOneRangeWithTheLargestLightTime() {
    ContactWindow w =
        window(
            "2026-01-01T00:00:00.0004Z", "2026-01-01T00:10:00.9996Z", 3, 1001, 2_400_000, 900_000);

    ContactPlan plan = PredictedContactPlan.of(List.of(w));

    long start = Instant.parse("2026-01-01T00:00:00.001Z").toEpochMilli();
    long end = Instant.parse("2026-01-01T00:10:00.999Z").toEpochMilli();
    assertThat(plan.contacts())
        .containsExactlyInAnyOrder(
            Contact.of(3, 1001, start, end, 100), Contact.of(1001, 3, start, end, 5_000));
    assertThat(plan.ranges()).hasSize(1);
    Range range = plan.ranges().get(0);
    assertThat(range.from()).isEqualTo(3);
    assertThat(range.to()).isEqualTo(1001);
    assertThat(range.startMillis()).isEqualTo(start - 1);
    assertThat(range.endMillis()).isEqualTo(end + 1);
    // 2,400 km / c = 8.0056 ms, rounded up to 9 ms
    assertThat(range.owltMillis()).isEqualTo(9);
    assertThat(plan.isUsable(plan.contacts().get(0))).isTrue();
    assertThat(plan.owltMillis(plan.contacts().get(1))).hasValue(9);
  }

  @Test
  void windowShorterThanAMillisecondGivesNothingAndRangesOfAPairDoNotOverlap() {
    ContactWindow tiny =
        window("2026-01-01T00:00:00.0001Z", "2026-01-01T00:00:00.0009Z", 1, 2, 1e6);
    ContactWindow first =
        window("2026-01-01T01:00:00.0001Z", "2026-01-01T01:00:05.0004Z", 2, 1, 1e6);
    ContactWindow second = window("2026-01-01T01:00:05.0006Z", "2026-01-01T01:00:09Z", 1, 2, 1e6);

    ContactPlan plan = PredictedContactPlan.of(List.of(second, tiny, first));

    assertThat(plan.contacts()).hasSize(4);
    assertThat(plan.ranges()).hasSize(2);
    assertThat(plan.ranges().get(0).endMillis())
        .isLessThanOrEqualTo(plan.ranges().get(1).startMillis());
    assertThat(plan.ranges()).allSatisfy(r -> assertThat(r.from()).isEqualTo(1));
  }
}
