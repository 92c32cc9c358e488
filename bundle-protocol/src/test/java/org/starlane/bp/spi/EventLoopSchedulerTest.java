package org.starlane.bp.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The real-time scheduler. Every wait is on a latch with a generous timeout, never a sleep; timing
 * assertions are lower bounds only (a task never runs early), so a slow machine cannot fail them.
 */
class EventLoopSchedulerTest {
  private static final long TIMEOUT_SECONDS = 30;

  @Test
  void runsTasksOnItsOneNamedDaemonThreadInSubmissionOrder() throws Exception {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test")) {
      for (int i = 0; i < 1000; i++) {
        int n = i;
        scheduler.execute(
            () -> {
              order.add(n);
              threads.add(Thread.currentThread());
              assertThat(scheduler.inSchedulerThread()).isTrue();
            });
      }
      scheduler.execute(done::countDown);

      assertThat(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduler.inSchedulerThread()).isFalse();
      assertThat(scheduler.failedTasks()).isZero();
    }
    assertThat(order).hasSize(1000).isSorted();
    assertThat(threads).hasSize(1000).allMatch(t -> t == threads.get(0));
    assertThat(threads.get(0).getName()).isEqualTo("bpa-test");
    assertThat(threads.get(0).isDaemon()).isTrue();
  }

  @Test
  void neverRunsATaskBeforeItsDelayHasElapsed() throws Exception {
    AtomicLong shortNanos = new AtomicLong();
    AtomicLong longNanos = new AtomicLong();
    CountDownLatch done = new CountDownLatch(2);
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test")) {
      long start = System.nanoTime();
      scheduler.schedule(
          Duration.ofMillis(300),
          () -> {
            longNanos.set(System.nanoTime() - start);
            done.countDown();
          });
      scheduler.schedule(
          Duration.ofMillis(50),
          () -> {
            shortNanos.set(System.nanoTime() - start);
            done.countDown();
          });

      assertThat(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
    // the wall clock has millisecond resolution: allow the one millisecond that truncation eats
    assertThat(shortNanos.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(49));
    assertThat(longNanos.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(299));
  }

  @Test
  void runsTasksInOrderOfDueTimeThenOfSubmission() throws Exception {
    // a hand-set clock, so that a slow machine cannot make any due time pass during submission
    AtomicLong clockMillis = new AtomicLong(1_000_000);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test", clockMillis::get)) {
      long at = scheduler.nowMillis() + 100;
      List<Integer> expected = new ArrayList<>();
      for (int offset = 2; offset >= 0; offset--) {
        for (int i = 0; i < 30; i++) {
          int n = offset * 100 + i;
          scheduler.scheduleAt(at + offset, () -> order.add(n));
        }
      }
      for (int offset = 0; offset <= 2; offset++) {
        for (int i = 0; i < 30; i++) {
          expected.add(offset * 100 + i);
        }
      }
      scheduler.scheduleAt(at + 2, done::countDown);

      clockMillis.set(at + 2);

      assertThat(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aCancelledTaskNeverRunsAndCancelSaysWhetherItWasPending() throws Exception {
    AtomicBoolean victimRan = new AtomicBoolean();
    CountDownLatch marker = new CountDownLatch(1);
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test")) {
      Scheduled victim = scheduler.schedule(Duration.ofMillis(100), () -> victimRan.set(true));
      Scheduled after = scheduler.schedule(Duration.ofMillis(200), marker::countDown);

      assertThat(victim.cancel()).isTrue();
      assertThat(victim.cancel()).isFalse();
      assertThat(scheduler.pendingTasks()).isEqualTo(1);
      assertThat(marker.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(victimRan).isFalse();
      assertThat(after.cancel()).isFalse();
    }
  }

  @Test
  void aTaskThatThrowsDoesNotStopLaterTasks() throws Exception {
    CountDownLatch after = new CountDownLatch(1);
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test")) {
      scheduler.execute(
          () -> {
            throw new IllegalStateException("deliberate failure in a test task");
          });
      scheduler.execute(
          () -> {
            throw new AssertionError("deliberate error in a test task");
          });
      scheduler.execute(after::countDown);

      assertThat(after.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduler.failedTasks()).isEqualTo(2);
    }
  }

  @Test
  void acceptsTasksFromManyThreadsAtOnceKeepingEachThreadsOrder() throws Exception {
    int producers = 4;
    int perProducer = 2500;
    List<List<Integer>> seen = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      seen.add(new ArrayList<>()); // touched only on the scheduler's thread
    }
    CountDownLatch allRan = new CountDownLatch(producers * perProducer);
    CountDownLatch go = new CountDownLatch(1);
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test")) {
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  for (int i = 0; i < perProducer; i++) {
                    int n = i;
                    scheduler.execute(
                        () -> {
                          seen.get(producer).add(n);
                          allRan.countDown();
                        });
                  }
                });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      assertThat(allRan.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      CountDownLatch read = new CountDownLatch(1);
      AtomicReference<List<List<Integer>>> snapshot = new AtomicReference<>();
      scheduler.execute(
          () -> {
            snapshot.set(List.copyOf(seen.stream().map(List::copyOf).toList()));
            read.countDown();
          });
      assertThat(read.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      }
      assertThat(snapshot.get())
          .hasSize(producers)
          .allSatisfy(s -> assertThat(s).hasSize(perProducer).isSorted());
    }
  }

  @Test
  void closeStopsTheThreadDiscardsWaitingTasksAndRejectsNewOnes() throws Exception {
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean discardedRan = new AtomicBoolean();
    EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test");
    scheduler.execute(
        () -> {
          loopThread.set(Thread.currentThread());
          started.countDown();
        });
    assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    Scheduled discarded = scheduler.schedule(Duration.ofHours(1), () -> discardedRan.set(true));

    scheduler.close();

    assertThat(loopThread.get().isAlive()).isFalse();
    assertThat(scheduler.pendingTasks()).isZero();
    assertThat(discarded.cancel()).isFalse();
    assertThat(discardedRan).isFalse();
    assertThatThrownBy(() -> scheduler.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("bpa-test");
    assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    scheduler.close(); // idempotent
  }

  @Test
  void closeWaitsForTheRunningTaskToFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
    EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test");
    scheduler.execute(
        () -> {
          started.countDown();
          try {
            gate.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          finished.set(true);
        });
    assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    Thread closer =
        new Thread(
            () -> {
              scheduler.close();
              finishedWhenCloseReturned.set(finished.get());
            });
    closer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (closer.isAlive()
        && closer.getState() != Thread.State.WAITING
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    gate.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));

    assertThat(closer.isAlive()).isFalse();
    assertThat(finishedWhenCloseReturned).isTrue();
  }

  @Test
  void aTaskCanCloseItsOwnSchedulerWithoutDeadlock() throws Exception {
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    CountDownLatch closed = new CountDownLatch(1);
    AtomicBoolean laterRan = new AtomicBoolean();
    CountDownLatch bothQueued = new CountDownLatch(1);
    EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test");
    scheduler.execute(
        () -> {
          loopThread.set(Thread.currentThread());
          try {
            // Close only once the second task is queued: otherwise its execute() is rejected.
            bothQueued.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          scheduler.close();
          closed.countDown();
        });
    scheduler.execute(() -> laterRan.set(true));
    bothQueued.countDown();

    assertThat(closed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    loopThread.get().join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    assertThat(loopThread.get().isAlive()).isFalse();
    assertThat(laterRan).isFalse();
  }

  @Test
  void readsTimeFromTheInjectedClockAndRunsTasksThatBecomeDueWhenItJumpsForward() throws Exception {
    AtomicLong clockMillis = new AtomicLong(1_000_000);
    CountDownLatch ran = new CountDownLatch(1);
    AtomicLong ranAt = new AtomicLong();
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test", clockMillis::get)) {
      // due in an hour of this clock: it runs only because the clock is set forward
      Scheduled task =
          scheduler.schedule(
              Duration.ofHours(1),
              () -> {
                ranAt.set(scheduler.nowMillis());
                ran.countDown();
              });
      assertThat(scheduler.nowMillis()).isEqualTo(1_000_000);
      assertThat(task.atMillis()).isEqualTo(1_000_000 + 3_600_000);

      clockMillis.set(1_000_000 + 3_600_000);

      assertThat(ran.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(ranAt.get()).isEqualTo(1_000_000 + 3_600_000);
    }
  }

  @Test
  void rejectsANegativeDelay() {
    try (EventLoopScheduler scheduler = new EventLoopScheduler("bpa-test")) {
      assertThatThrownBy(() -> scheduler.schedule(Duration.ofMillis(-5), () -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("negative");
      assertThat(scheduler.pendingTasks()).isZero();
    }
  }
}
