package org.starlane.cl.udpcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The token bucket never lets more go than its burst plus its rate times the elapsed time. */
class TokenBucketProperties {

  @Property(tries = 300)
  void neverExceedsBurstPlusRateTimesTime(
      @ForAll @LongRange(min = 1, max = 1_000_000_000L) long rate,
      @ForAll @IntRange(min = 1, max = 100_000) int burst,
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 50_000_000) Integer> steps,
      @ForAll @IntRange(min = 0, max = 100) int percentOfBurst) {
    TokenBucket bucket = new TokenBucket(rate, burst, 0);
    int size = Math.max(1, (int) ((long) burst * percentOfBurst / 100));
    long now = 0;
    long taken = 0;
    for (int step : steps) {
      now += step;
      if (bucket.tryTake(size, now)) {
        taken += size;
      }
      double allowance = burst + (double) rate * now / 1e9;
      assertThat((double) taken).isLessThanOrEqualTo(allowance + 1e-6 * allowance);
    }
  }

  @Property(tries = 300)
  void afterTheNamedWaitTheDatagramMayGo(
      @ForAll @LongRange(min = 1, max = 1_000_000_000L) long rate,
      @ForAll @IntRange(min = 1, max = 100_000) int burst,
      @ForAll @IntRange(min = 0, max = 100) int percentOfBurst) {
    TokenBucket bucket = new TokenBucket(rate, burst, 0);
    assertThat(bucket.tryTake(burst, 0)).isTrue();
    int size = (int) ((long) burst * percentOfBurst / 100);
    long wait = bucket.nanosUntil(size, 0);
    assertThat(bucket.tryTake(size, wait)).isTrue();
  }
}
