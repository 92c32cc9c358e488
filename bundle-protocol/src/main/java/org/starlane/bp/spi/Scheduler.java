package org.starlane.bp.spi;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A clock with a single thread that runs tasks now or at a given time: the event loop of the Bundle
 * Protocol Agent (RFC 9171 §5). Received bundles, convergence-layer events and timers (bundle
 * expiration, §5.5; contact start and end) all become tasks on the agent's scheduler, so the
 * agent's state is confined to one thread and needs no locks.
 *
 * <p>Ordering contract, the same for every implementation so that the agent behaves identically in
 * real time ({@link EventLoopScheduler}) and in virtual time ({@link VirtualTimeScheduler}):
 *
 * <ul>
 *   <li>tasks run one at a time, never concurrently, all on the scheduler's thread;
 *   <li>tasks run in order of their due time, in milliseconds on this scheduler's clock; tasks due
 *       at the same millisecond run in the order they were submitted;
 *   <li>a task due in the past (or now) is due as soon as possible: it runs after the tasks already
 *       due, in submission order, exactly like {@link #execute};
 *   <li>a task never runs before its due time, and while a task runs, {@link #nowMillis()} is at or
 *       after its due time;
 *   <li>a task that throws an exception is logged and the scheduler goes on with the next one.
 * </ul>
 *
 * <p>The resolution is one millisecond. Implementations say whether they are thread-safe.
 */
public interface Scheduler extends Clock, Executor {

  /**
   * Runs {@code task} on the scheduler's thread as soon as possible, after the tasks that are
   * already due (FIFO).
   *
   * @throws RejectedExecutionException if the scheduler has been closed
   */
  @Override
  void execute(Runnable task);

  /**
   * Runs {@code task} once {@code delay} has elapsed on this scheduler's clock. A delay that is not
   * a whole number of milliseconds is rounded up, so the task never runs early.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws RejectedExecutionException if the scheduler has been closed
   */
  Scheduled schedule(Duration delay, Runnable task);

  /**
   * Runs {@code task} at {@code atMillis} (milliseconds since the Unix epoch on this scheduler's
   * clock), or as soon as possible if that time has passed.
   *
   * @throws RejectedExecutionException if the scheduler has been closed
   */
  Scheduled scheduleAt(long atMillis, Runnable task);

  /**
   * Whether the calling thread is the scheduler's thread, the only one on which the state owned by
   * its tasks may be touched. Agent code can assert it at its entry points.
   */
  boolean inSchedulerThread();
}
