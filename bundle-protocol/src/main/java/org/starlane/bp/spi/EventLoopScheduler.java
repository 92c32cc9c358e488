package org.starlane.bp.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} in real time: one named daemon thread that runs tasks when a {@link Clock}
 * (the wall clock unless told otherwise) says they are due. The Bundle Protocol Agent (RFC 9171 §5)
 * of a running node lives on one; convergence layers hand it received bundles through {@link
 * #execute}.
 *
 * <p>Tasks wait in a priority queue ordered by (due time in clock milliseconds, submission sequence
 * number), exactly as in {@link VirtualTimeScheduler}, so the agent sees the same ordering in both.
 * Due times are absolute times on the clock: if the wall clock is set forward, tasks that became
 * due run within a second; if it is set back, they wait for the clock to reach them again.
 *
 * <p>A task that throws anything is logged at ERROR (and counted in {@link #failedTasks()}) and the
 * loop goes on with the next task. A task should never block: everything else on the scheduler
 * waits for it.
 *
 * <p>Thread-safe: tasks may be submitted and cancelled from any thread. {@link #close()} stops the
 * thread.
 */
public final class EventLoopScheduler implements Scheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoopScheduler.class);

  /** The longest the loop sleeps before it reads the clock again, in case the clock was set. */
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Clock clock;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition headChanged = lock.newCondition();
  private final TaskQueue queue = new TaskQueue(); // guarded by lock
  private final QueuedTask.Canceller canceller = this::cancel;
  private final AtomicLong failedTasks = new AtomicLong();
  private long nextSequence; // guarded by lock
  private boolean closed; // guarded by lock

  /** Starts a scheduler on the wall clock ({@link Clock#system()}) with a thread of that name. */
  public EventLoopScheduler(String threadName) {
    this(threadName, Clock.system());
  }

  /** Starts a scheduler on {@code clock} with a daemon thread named {@code threadName}. */
  public EventLoopScheduler(String threadName, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.thread = new Thread(this::loop, Objects.requireNonNull(threadName, "threadName"));
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public long nowMillis() {
    return clock.nowMillis();
  }

  @Override
  public void execute(Runnable task) {
    enqueue(null, Long.MIN_VALUE, task);
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    return enqueue(delay, Long.MIN_VALUE, task);
  }

  @Override
  public Scheduled scheduleAt(long atMillis, Runnable task) {
    return enqueue(null, atMillis, task);
  }

  @Override
  public boolean inSchedulerThread() {
    return Thread.currentThread() == thread;
  }

  /** How many tasks are waiting (cancelled tasks are not counted). */
  public int pendingTasks() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many tasks have thrown so far. */
  public long failedTasks() {
    return failedTasks.get();
  }

  /**
   * Stops the scheduler: new tasks are rejected, waiting tasks are discarded, and the call waits
   * for the task that is running (if any) to finish and the thread to end — unless it is called
   * from a task, in which case the thread ends as soon as that task returns. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        int discarded = queue.clear();
        headChanged.signalAll();
        LOG.debug("{} closed; {} waiting tasks discarded", this, discarded);
      }
    } finally {
      lock.unlock();
    }
    if (!inSchedulerThread()) {
      awaitTermination();
    }
  }

  @Override
  public String toString() {
    return "EventLoopScheduler[" + thread.getName() + "]";
  }

  /** Queues {@code task}, due after {@code delay} if there is one, else at {@code atMillis}. */
  private QueuedTask enqueue(Duration delay, long atMillis, Runnable task) {
    Objects.requireNonNull(task, "task");
    lock.lock();
    try {
      if (closed) {
        throw new RejectedExecutionException(this + " is closed");
      }
      // the clock is read under the lock so that due times and sequence numbers agree across
      // threads
      long now = clock.nowMillis();
      long due = delay != null ? QueuedTask.dueMillis(now, delay) : Math.max(atMillis, now);
      QueuedTask queued = new QueuedTask(due, nextSequence++, task, canceller);
      queue.add(queued);
      if (queue.peek() == queued) {
        headChanged.signal();
      }
      return queued;
    } finally {
      lock.unlock();
    }
  }

  private boolean cancel(QueuedTask task) {
    lock.lock();
    try {
      return queue.remove(task);
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    LOG.debug("{} started", this);
    while (true) {
      QueuedTask next = awaitNextDue();
      if (next == null) {
        LOG.debug("{} stopped", this);
        return;
      }
      try {
        next.task.run();
      } catch (Throwable t) {
        failedTasks.incrementAndGet();
        LOG.error(
            "{} failed at {}; the scheduler goes on",
            next,
            Instant.ofEpochMilli(clock.nowMillis()),
            t);
      }
      // an interrupt that a task left behind must not disturb the loop's waiting
      Thread.interrupted();
    }
  }

  /** Waits for the next due task and takes it from the queue; returns null once closed. */
  private QueuedTask awaitNextDue() {
    lock.lock();
    try {
      while (!closed) {
        QueuedTask head = queue.peek();
        try {
          if (head == null) {
            headChanged.await();
            continue;
          }
          long untilDueMillis = head.atMillis - clock.nowMillis();
          if (untilDueMillis <= 0) {
            return queue.poll();
          }
          headChanged.awaitNanos(
              Math.min(TimeUnit.MILLISECONDS.toNanos(untilDueMillis), MAX_WAIT_NANOS));
        } catch (InterruptedException e) {
          // only close() stops the loop
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void awaitTermination() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
