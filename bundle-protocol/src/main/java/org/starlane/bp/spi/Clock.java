package org.starlane.bp.spi;

import java.time.Instant;
import org.starlane.bp.bundle.DtnTime;

/**
 * The source of the current time for everything in Starlane: creation timestamps (RFC 9171 §4.2.7),
 * bundle age (§4.4.2) and bundle expiration (§5.5). Code never reads the system clock itself; it is
 * given a {@code Clock} (usually the {@link Scheduler} it runs on), so a test or a simulation can
 * run it in virtual time.
 *
 * <p>Implementations say whether they are thread-safe; {@link #system()} is.
 */
public interface Clock {

  /** The current time in milliseconds since the Unix epoch (1970-01-01T00:00:00Z). */
  long nowMillis();

  /**
   * The current time as DTN time (RFC 9171 §4.2.6): milliseconds since 2000-01-01T00:00:00Z.
   *
   * @throws IllegalArgumentException if the clock reads a time before the DTN epoch
   */
  default long dtnTimeMillis() {
    return DtnTime.fromInstant(Instant.ofEpochMilli(nowMillis()));
  }

  /**
   * The wall clock of this machine. It is the only place in Starlane that reads {@link
   * System#currentTimeMillis()}; it may jump when the operating system sets its clock. Thread-safe.
   */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
