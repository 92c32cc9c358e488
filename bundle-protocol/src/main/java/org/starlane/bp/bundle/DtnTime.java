package org.starlane.bp.bundle;

import java.time.Instant;

/**
 * DTN time (RFC 9171 §4.2.6): milliseconds since 2000-01-01T00:00:00Z, ignoring leap seconds; 0
 * means "unknown" in a creation timestamp (a node without an accurate clock).
 */
public final class DtnTime {
  /** The DTN epoch, 2000-01-01T00:00:00Z. */
  public static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

  private static final long EPOCH_UNIX_MILLIS = EPOCH.toEpochMilli();

  private DtnTime() {}

  /** DTN time in milliseconds for an instant at or after the DTN epoch. */
  public static long fromInstant(Instant instant) {
    long millis = instant.toEpochMilli() - EPOCH_UNIX_MILLIS;
    if (millis < 0) {
      throw new IllegalArgumentException(instant + " is before the DTN epoch " + EPOCH);
    }
    return millis;
  }

  /** The instant of a DTN time (unsigned milliseconds since the DTN epoch). */
  public static Instant toInstant(long dtnTimeMillis) {
    if (dtnTimeMillis < 0) {
      throw new IllegalArgumentException(
          "DTN time "
              + Long.toUnsignedString(dtnTimeMillis)
              + " ms is beyond the range of Instant");
    }
    return EPOCH.plusMillis(dtnTimeMillis);
  }
}
