package org.starlane.bp.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} in deterministic virtual time (discrete-event simulation): the clock moves
 * only when the test or simulation driving it says so, jumping straight to the next task's due
 * time, so a day of traffic between simulated nodes runs in seconds and the same inputs (the same
 * seed) give the same run, event for event. The Bundle Protocol Agent (RFC 9171 §5) runs on it
 * unchanged.
 *
 * <p>Tasks wait in a priority queue ordered by (due time, submission sequence number) and run only
 * inside {@link #runUntilIdle()}, {@link #runUntil(long)}, {@link #runFor(Duration)} and {@link
 * #runNext()}, on the calling thread. Before a task runs the clock is set to its due time (or left
 * where it is if the task is overdue), so tasks see the time they were scheduled for and the clock
 * never goes backwards. Tasks may schedule and cancel other tasks.
 *
 * <p>A task that throws an {@link Exception} is logged (and counted in {@link #failedTasks()}) and
 * the run goes on. An {@link Error} — such as a failed assertion in a test's task — propagates out
 * of the {@code run} method, after the task has left the queue, so tests fail loudly.
 *
 * <p>Confined to the thread that drives it, which is the thread that created it: every method but
 * {@link #inSchedulerThread()} throws {@link IllegalStateException} when called from another
 * thread, because that would be a bug (a simulation is single-threaded, or it is not
 * deterministic). Randomness is deliberately not provided here: simulations pass their own seeded
 * random generator.
 */
public final class VirtualTimeScheduler implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualTimeScheduler.class);

  /** Where the clock starts unless told otherwise, so that runs are reproducible. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * How many tasks {@link #runUntilIdle()} and {@link #runUntil(long)} run at most before deciding
   * that something keeps rescheduling itself forever.
   */
  public static final long DEFAULT_MAX_EVENTS = 10_000_000L;

  private final Thread owner;
  private final TaskQueue queue = new TaskQueue();
  private final QueuedTask.Canceller canceller = this::cancel;
  private long nowMillis;
  private long nextSequence;
  private long failedTasks;
  private boolean running;

  /** A scheduler whose clock starts at {@link #DEFAULT_START}, confined to the calling thread. */
  public VirtualTimeScheduler() {
    this(DEFAULT_START);
  }

  /** A scheduler whose clock starts at {@code start}, confined to the calling thread. */
  public VirtualTimeScheduler(Instant start) {
    this.nowMillis = start.toEpochMilli();
    this.owner = Thread.currentThread();
  }

  @Override
  public long nowMillis() {
    checkThread();
    return nowMillis;
  }

  /** The virtual time as an {@link Instant}. */
  public Instant now() {
    return Instant.ofEpochMilli(nowMillis());
  }

  @Override
  public void execute(Runnable task) {
    checkThread();
    enqueue(nowMillis, task);
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    checkThread();
    return enqueue(QueuedTask.dueMillis(nowMillis, delay), task);
  }

  @Override
  public Scheduled scheduleAt(long atMillis, Runnable task) {
    checkThread();
    return enqueue(atMillis, task);
  }

  /** Whether the calling thread is the one that drives this scheduler. Callable from any thread. */
  @Override
  public boolean inSchedulerThread() {
    return Thread.currentThread() == owner;
  }

  /** How many tasks are waiting (cancelled tasks are not counted). */
  public int pendingTasks() {
    checkThread();
    return queue.size();
  }

  /** How many tasks have thrown an exception so far. */
  public long failedTasks() {
    checkThread();
    return failedTasks;
  }

  /**
   * Runs the next task, first advancing the clock to its due time if that is later than now: steps
   * the simulation by one event.
   *
   * @return {@code false} if no task was waiting
   */
  public boolean runNext() {
    checkThread();
    checkNotRunning();
    running = true;
    try {
      return runOne(Long.MAX_VALUE);
    } finally {
      running = false;
    }
  }

  /**
   * Runs tasks, advancing the clock to each one's due time, until no task is waiting (including
   * those that the tasks scheduled). Afterwards the clock reads the due time of the last task run
   * (or is unchanged if there was none).
   *
   * @return how many tasks ran
   * @throws IllegalStateException if {@link #DEFAULT_MAX_EVENTS} tasks ran and more are waiting
   */
  public long runUntilIdle() {
    return runUntilIdle(DEFAULT_MAX_EVENTS);
  }

  /**
   * Like {@link #runUntilIdle()}, with a cap on how many tasks may run.
   *
   * @throws IllegalStateException if {@code maxEvents} tasks ran and more are waiting; the ones
   *     that ran stay run, the others stay queued
   */
  public long runUntilIdle(long maxEvents) {
    return run(Long.MAX_VALUE, maxEvents, "runUntilIdle()");
  }

  /**
   * Runs every task due at or before {@code atMillis} (including those that the tasks schedule for
   * then), advancing the clock to each one's due time, then sets the clock to {@code atMillis}.
   * Tasks due later stay queued.
   *
   * @return how many tasks ran
   * @throws IllegalArgumentException if {@code atMillis} is before now: time never goes backwards
   * @throws IllegalStateException if {@link #DEFAULT_MAX_EVENTS} tasks ran and more are due
   */
  public long runUntil(long atMillis) {
    checkThread();
    if (atMillis < nowMillis) {
      throw new IllegalArgumentException(
          "cannot run until "
              + Instant.ofEpochMilli(atMillis)
              + ": the clock already reads "
              + Instant.ofEpochMilli(nowMillis));
    }
    long ran =
        run(atMillis, DEFAULT_MAX_EVENTS, "runUntil(" + Instant.ofEpochMilli(atMillis) + ")");
    nowMillis = atMillis;
    return ran;
  }

  /**
   * Runs for {@code duration} of virtual time: {@link #runUntil(long)} now plus {@code duration},
   * rounded up to a whole millisecond.
   *
   * @return how many tasks ran
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public long runFor(Duration duration) {
    checkThread();
    return runUntil(QueuedTask.dueMillis(nowMillis, duration));
  }

  /**
   * Sets the clock to {@code atMillis} <em>without</em> running anything, as if the node had been
   * stalled (suspended, or busy in one long task): tasks that were due before then are now overdue
   * and run, in their order, at the next {@code run} call, seeing the clock at {@code atMillis}.
   * Use {@link #runUntil(long)} to move time forward normally.
   *
   * @throws IllegalArgumentException if {@code atMillis} is before now: time never goes backwards
   */
  public void advanceTo(long atMillis) {
    checkThread();
    if (atMillis < nowMillis) {
      throw new IllegalArgumentException(
          "cannot advance to "
              + Instant.ofEpochMilli(atMillis)
              + ": the clock already reads "
              + Instant.ofEpochMilli(nowMillis));
    }
    nowMillis = atMillis;
  }

  @Override
  public String toString() {
    return "VirtualTimeScheduler at "
        + Instant.ofEpochMilli(nowMillis)
        + " on thread "
        + owner.getName();
  }

  private long run(long untilMillis, long maxEvents, String what) {
    checkThread();
    checkNotRunning();
    if (maxEvents <= 0) {
      throw new IllegalArgumentException("maxEvents " + maxEvents + " is not positive");
    }
    running = true;
    try {
      long ran = 0;
      while (ran < maxEvents && runOne(untilMillis)) {
        ran++;
      }
      QueuedTask next = queue.peek();
      if (ran == maxEvents && next != null && next.atMillis <= untilMillis) {
        throw new IllegalStateException(
            what
                + " ran "
                + ran
                + " tasks and more are due (the next is "
                + next
                + "): does a task keep rescheduling itself?");
      }
      return ran;
    } finally {
      running = false;
    }
  }

  /** Runs the next task if it is due at or before {@code untilMillis}; returns whether it did. */
  private boolean runOne(long untilMillis) {
    QueuedTask next = queue.peek();
    if (next == null || next.atMillis > untilMillis) {
      return false;
    }
    queue.poll();
    if (next.atMillis > nowMillis) {
      nowMillis = next.atMillis;
    }
    try {
      next.task.run();
    } catch (Exception e) {
      failedTasks++;
      LOG.error("{} failed at {}; the scheduler goes on", next, Instant.ofEpochMilli(nowMillis), e);
    }
    return true;
  }

  private QueuedTask enqueue(long atMillis, Runnable task) {
    Objects.requireNonNull(task, "task");
    QueuedTask queued =
        new QueuedTask(Math.max(atMillis, nowMillis), nextSequence++, task, canceller);
    queue.add(queued);
    return queued;
  }

  private boolean cancel(QueuedTask task) {
    checkThread();
    return queue.remove(task);
  }

  private void checkNotRunning() {
    if (running) {
      throw new IllegalStateException(
          "a task cannot run the scheduler it runs on; schedule more work instead");
    }
  }

  private void checkThread() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "VirtualTimeScheduler is confined to thread "
              + owner.getName()
              + ", not "
              + Thread.currentThread().getName());
    }
  }
}
