package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9171 §4.2.6 (DTN time) and §4.2.7 (creation timestamp). */
class DtnTimeTest {

  @Test
  void theDtnEpochIsTheStartOf2000Utc() {
    assertThat(DtnTime.EPOCH).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(DtnTime.fromInstant(DtnTime.EPOCH)).isZero();
    assertThat(DtnTime.toInstant(0)).isEqualTo(DtnTime.EPOCH);
  }

  @Test
  void dtnTimeCountsMillisecondsIgnoringLeapSeconds() {
    // 2000..2016: 17 years, 5 of them leap years, 6210 days; the 5 leap seconds are not counted.
    Instant instant = Instant.parse("2017-01-01T00:00:00.123Z");
    assertThat(DtnTime.fromInstant(instant)).isEqualTo(6210L * 86_400_000L + 123);
    assertThat(DtnTime.toInstant(6210L * 86_400_000L + 123)).isEqualTo(instant);
  }

  @Test
  void dtnTimeExceedsThirtyTwoBitsForCurrentDates() {
    assertThat(DtnTime.fromInstant(Instant.parse("2024-06-01T00:00:00Z")))
        .isGreaterThan(0xFFFF_FFFFL);
  }

  @Test
  void rejectsInstantsBeforeTheEpochAndTimesBeyondInstant() {
    assertThatThrownBy(() -> DtnTime.fromInstant(Instant.parse("1999-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DtnTime.toInstant(-1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("18446744073709551615");
  }

  @Test
  void creationTime0MeansTheClockWasUnknown() {
    assertThat(new CreationTimestamp(0, 5).isTimeUnknown()).isTrue();
    assertThat(new CreationTimestamp(1, 0).isTimeUnknown()).isFalse();
  }

  @Test
  void creationTimestampsCompareByTimeAndSequenceAndPrintUnsigned() {
    assertThat(new CreationTimestamp(7, 1)).isEqualTo(new CreationTimestamp(7, 1));
    assertThat(new CreationTimestamp(7, 1)).isNotEqualTo(new CreationTimestamp(7, 2));
    assertThat(new CreationTimestamp(-1L, -2L).toString())
        .isEqualTo("18446744073709551615.18446744073709551614");
  }
}
