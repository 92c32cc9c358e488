package org.starlane.bp.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The clock abstraction and DTN time (RFC 9171 §4.2.6). */
class ClockTest {

  @Test
  void dtnTimeCountsMillisecondsSinceTheStartOf2000() {
    // 2000..2025: 26 years, 7 of them leap years (2000, 2004, ..., 2024), 9497 days.
    Clock clock = () -> Instant.parse("2026-01-01T00:00:00.250Z").toEpochMilli();

    assertThat(clock.dtnTimeMillis()).isEqualTo(9497L * 86_400_000L + 250);
  }

  @Test
  void dtnTimeIsZeroAtTheDtnEpoch() {
    Clock clock = () -> 946_684_800_000L; // 2000-01-01T00:00:00Z in Unix milliseconds

    assertThat(clock.dtnTimeMillis()).isZero();
  }

  @Test
  void aClockBeforeTheDtnEpochHasNoDtnTime() {
    Clock clock = () -> 0L; // 1970

    assertThatThrownBy(clock::dtnTimeMillis).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSystemClockReadsTheWallClock() {
    long before = System.currentTimeMillis();
    long now = Clock.system().nowMillis();
    long after = System.currentTimeMillis();

    assertThat(now).isBetween(before, after);
    assertThat(Clock.system()).isSameAs(Clock.system()).hasToString("Clock.system()");
  }
}
