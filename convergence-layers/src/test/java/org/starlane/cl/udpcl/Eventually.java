package org.starlane.cl.udpcl;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that other threads make true, polling every few milliseconds up to a
 * generous deadline (the test machine is shared and loaded). A deadline, not a sleep, is the
 * synchronisation: the wait ends as soon as the condition holds.
 */
public final class Eventually {
  /** Generous: the machine runs several builds at once. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Eventually() {}

  /** Waits until {@code condition} holds; fails the test with {@code what} after the timeout. */
  public static void until(Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what.get());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what.get(), e);
      }
    }
  }
}
