package org.starlane.cgr;

/** Checks and arithmetic shared by the plan model. */
final class Nodes {
  private Nodes() {}

  static void checkNode(String field, long node) {
    if (node < 1) {
      throw new IllegalArgumentException(
          field + " node number " + node + " is not an ipn node number (1 or more)");
    }
  }

  /** rate × (end − start), in bytes, saturating. */
  static long volumeBytes(long rateBytesPerSecond, long startMillis, long endMillis) {
    long millis = endMillis - startMillis;
    long whole = millis / 1000;
    long frac = millis % 1000;
    long hi = Math.multiplyHigh(rateBytesPerSecond, whole);
    long v = rateBytesPerSecond * whole;
    if (hi != 0 || v < 0) {
      return Long.MAX_VALUE;
    }
    long part = rateBytesPerSecond / 1000 * frac + rateBytesPerSecond % 1000 * frac / 1000;
    long sum = v + part;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** The time {@code bytes} take at {@code rateBytesPerSecond}, in milliseconds rounded up. */
  static long transmitMillis(long bytes, long rateBytesPerSecond) {
    long whole = bytes / rateBytesPerSecond;
    long rest = bytes % rateBytesPerSecond;
    if (whole > Long.MAX_VALUE / 2000) {
      return Long.MAX_VALUE / 2;
    }
    return whole * 1000 + (rest * 1000 + rateBytesPerSecond - 1) / rateBytesPerSecond;
  }

  /** {@code a + b} for non-negative values, {@link Long#MAX_VALUE} on overflow. */
  static long saturatingAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }
}
