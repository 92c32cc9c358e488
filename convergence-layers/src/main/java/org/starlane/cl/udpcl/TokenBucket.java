package org.starlane.cl.udpcl;

/**
 * A token bucket that paces sending to a rate in bytes per second: the bucket holds at most {@code
 * burstBytes} tokens, refills at {@code bytesPerSecond}, and a datagram of {@code n} bytes may go
 * when {@code n} tokens are there. It is the "rate control" RFC 7122 §2 expects of a datagram
 * convergence layer that has no congestion control. Time is passed in (monotonic nanoseconds), so a
 * test can drive it without sleeping.
 *
 * <p>Confined to one thread (the convergence layer's event loop).
 */
public final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long bytesPerSecond;
  private final long burstBytes;
  private double tokens;
  private long lastNanos;

  /**
   * A full bucket at {@code nowNanos}.
   *
   * @throws IllegalArgumentException if the rate or the burst is not positive
   */
  public TokenBucket(long bytesPerSecond, long burstBytes, long nowNanos) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("rate " + bytesPerSecond + " bytes/s is not positive");
    }
    if (burstBytes <= 0) {
      throw new IllegalArgumentException("burst " + burstBytes + " bytes is not positive");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = burstBytes;
    this.tokens = burstBytes;
    this.lastNanos = nowNanos;
  }

  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  public long burstBytes() {
    return burstBytes;
  }

  /**
   * Takes {@code bytes} tokens if there are that many at {@code nowNanos}.
   *
   * @return whether they were taken (the datagram may go now)
   * @throws IllegalArgumentException if {@code bytes} exceeds the burst: it could never go
   */
  public boolean tryTake(int bytes, long nowNanos) {
    checkFits(bytes);
    refill(nowNanos);
    if (tokens >= bytes) {
      tokens -= bytes;
      return true;
    }
    return false;
  }

  /** Nanoseconds from {@code nowNanos} until {@code bytes} tokens will be there (0 if now). */
  public long nanosUntil(int bytes, long nowNanos) {
    checkFits(bytes);
    refill(nowNanos);
    double missing = bytes - tokens;
    if (missing <= 0) {
      return 0;
    }
    return (long) Math.ceil(missing * NANOS_PER_SECOND / bytesPerSecond);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burstBytes, tokens + (double) elapsed * bytesPerSecond / NANOS_PER_SECOND);
      lastNanos = nowNanos;
    }
  }

  private void checkFits(int bytes) {
    if (bytes < 0 || bytes > burstBytes) {
      throw new IllegalArgumentException(
          bytes + " bytes do not fit a bucket of " + burstBytes + " bytes");
    }
  }

  @Override
  public String toString() {
    return "TokenBucket[" + bytesPerSecond + " bytes/s, burst " + burstBytes + " bytes]";
  }
}
