package org.starlane.bp.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * A task in a {@link TaskQueue}: its due time, its submission sequence number (the tie-breaker that
 * keeps same-millisecond tasks in submission order) and its position in the heap. Owned by the
 * scheduler that created it, which guards it as it guards its queue.
 */
final class QueuedTask implements Scheduled, Comparable<QueuedTask> {
  /** Cancels a task in the scheduler that owns it. */
  interface Canceller {
    boolean cancel(QueuedTask task);
  }

  final long atMillis;
  final long sequence;
  final Runnable task;
  private final Canceller canceller;

  /** The task's index in its queue's heap, or -1 once it has left the queue. */
  int heapIndex = -1;

  QueuedTask(long atMillis, long sequence, Runnable task, Canceller canceller) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    this.atMillis = atMillis;
    this.sequence = sequence;
    this.task = task;
    this.canceller = canceller;
  }

  @Override
  public long atMillis() {
    return atMillis;
  }

  @Override
  public boolean cancel() {
    return canceller.cancel(this);
  }

  @Override
  public int compareTo(QueuedTask other) {
    int byTime = Long.compare(atMillis, other.atMillis);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }

  @Override
  public String toString() {
    return "task #" + sequence + " due at " + Instant.ofEpochMilli(atMillis) + ": " + task;
  }

  /**
   * The due time of a task scheduled {@code delay} after {@code nowMillis}: rounded up to the next
   * whole millisecond so that it never runs early, and saturating at {@link Long#MAX_VALUE}.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  static long dueMillis(long nowMillis, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay " + delay + " is negative");
    }
    try {
      return Math.addExact(nowMillis, delay.plusNanos(999_999).toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
