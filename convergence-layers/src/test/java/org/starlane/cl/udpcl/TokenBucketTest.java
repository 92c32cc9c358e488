package org.starlane.cl.udpcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void startsFullAndLetsABurstGoAtOnce() {
    TokenBucket bucket = new TokenBucket(1000, 3000, 0);
    assertThat(bucket.tryTake(1000, 0)).isTrue();
    assertThat(bucket.tryTake(2000, 0)).isTrue();
    assertThat(bucket.tryTake(1, 0)).isFalse();
  }

  @Test
  void refillsAtTheRateAndNamesTheWait() {
    TokenBucket bucket = new TokenBucket(1000, 1000, 0);
    assertThat(bucket.tryTake(1000, 0)).isTrue();
    assertThat(bucket.nanosUntil(500, 0)).isEqualTo(SECOND / 2);
    assertThat(bucket.tryTake(500, SECOND / 2 - 1)).isFalse();
    assertThat(bucket.tryTake(500, SECOND / 2)).isTrue();
    assertThat(bucket.nanosUntil(0, SECOND / 2)).isZero();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(1000, 1000, 0);
    assertThat(bucket.tryTake(1000, 100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(1, 100 * SECOND)).isFalse();
  }

  @Test
  void sustainedRateMatchesTheConfiguredRate() {
    TokenBucket bucket = new TokenBucket(10_000, 1_000, 0);
    long now = 0;
    long sent = 0;
    while (now < 10 * SECOND) {
      if (bucket.tryTake(100, now)) {
        sent += 100;
      } else {
        now += bucket.nanosUntil(100, now);
      }
    }
    // 10 s at 10,000 bytes/s plus the initial burst
    assertThat(sent).isBetween(100_000L, 101_100L);
  }

  @Test
  void rejectsADatagramLargerThanTheBurst() {
    TokenBucket bucket = new TokenBucket(1000, 1000, 0);
    assertThatThrownBy(() -> bucket.tryTake(1001, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1001 bytes do not fit a bucket of 1000 bytes");
    assertThatThrownBy(() -> new TokenBucket(0, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
