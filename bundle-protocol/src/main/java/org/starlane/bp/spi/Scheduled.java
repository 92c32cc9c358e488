package org.starlane.bp.spi;

/**
 * A task waiting in a {@link Scheduler}: the handle that {@link Scheduler#schedule} and {@link
 * Scheduler#scheduleAt} return, for example to cancel a bundle's expiration timer (RFC 9171 §5.5)
 * once the bundle has been delivered or forwarded. Thread-safety is the scheduler's: an {@link
 * EventLoopScheduler}'s tasks can be cancelled from any thread, a {@link VirtualTimeScheduler}'s
 * only from the thread that drives it.
 */
public interface Scheduled {

  /**
   * The time at which the task is due, in milliseconds since the Unix epoch on the scheduler's
   * clock: the time asked for, or the time of submission if that was later (a task asked for in the
   * past is due as soon as possible, after the tasks already due).
   */
  long atMillis();

  /**
   * Removes the task from the scheduler so that it will not run.
   *
   * @return {@code true} if the task was still pending and is now cancelled; {@code false} if it
   *     has already started to run, was already cancelled, or was discarded by a closed scheduler
   */
  boolean cancel();
}
