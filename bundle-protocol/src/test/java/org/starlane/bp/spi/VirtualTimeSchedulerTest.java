package org.starlane.bp.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VirtualTimeSchedulerTest {
  private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
  private final List<String> ran = new ArrayList<>();

  private Runnable record(String name) {
    return () -> ran.add(name + "@" + (scheduler.nowMillis() - START));
  }

  @Test
  void startsAtAFixedInstantSoThatRunsAreReproducible() {
    assertThat(scheduler.nowMillis()).isEqualTo(START);
    assertThat(scheduler.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(new VirtualTimeScheduler(Instant.parse("2030-06-01T12:00:00Z")).now())
        .isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
  }

  @Test
  void givesDtnTimeFromTheVirtualClock() {
    scheduler.runFor(Duration.ofMillis(7));

    // RFC 9171 §4.2.6: 2000-01-01 to 2026-01-01 is 9497 days.
    assertThat(scheduler.dtnTimeMillis()).isEqualTo(9497L * 86_400_000L + 7);
  }

  @Test
  void timeStandsStillUntilTheDriverRunsTheScheduler() {
    scheduler.schedule(Duration.ofSeconds(5), record("a"));

    assertThat(scheduler.nowMillis()).isEqualTo(START);
    assertThat(ran).isEmpty();
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
  }

  @Test
  void runsTasksInOrderOfDueTimeThenOfSubmission() {
    scheduler.schedule(Duration.ofMillis(30), record("c1"));
    scheduler.schedule(Duration.ofMillis(10), record("a1"));
    scheduler.scheduleAt(START + 30, record("c2"));
    scheduler.schedule(Duration.ofMillis(20), record("b"));
    scheduler.scheduleAt(START + 10, record("a2"));
    scheduler.schedule(Duration.ofMillis(30), record("c3"));

    long count = scheduler.runUntilIdle();

    assertThat(count).isEqualTo(6);
    assertThat(ran).containsExactly("a1@10", "a2@10", "b@20", "c1@30", "c2@30", "c3@30");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 30);
    assertThat(scheduler.pendingTasks()).isZero();
  }

  @Test
  void executeRunsAfterTheTasksAlreadyDueInSubmissionOrder() {
    scheduler.execute(record("first"));
    scheduler.schedule(Duration.ZERO, record("second"));
    scheduler.execute(record("third"));

    scheduler.runUntilIdle();

    assertThat(ran).containsExactly("first@0", "second@0", "third@0");
  }

  @Test
  void aTaskAskedForInThePastIsDueNowAfterTheTasksAlreadyDue() {
    scheduler.runFor(Duration.ofSeconds(1));
    scheduler.execute(record("due-now"));

    Scheduled late = scheduler.scheduleAt(START + 200, record("late"));
    scheduler.runUntilIdle();

    assertThat(late.atMillis()).isEqualTo(START + 1000);
    assertThat(ran).containsExactly("due-now@1000", "late@1000");
  }

  @Test
  void aCancelledTaskNeverRunsAndCancelSaysWhetherItWasPending() {
    Scheduled a = scheduler.schedule(Duration.ofMillis(10), record("a"));
    Scheduled b = scheduler.schedule(Duration.ofMillis(20), record("b"));
    Scheduled c = scheduler.schedule(Duration.ofMillis(30), record("c"));

    assertThat(b.cancel()).isTrue();
    assertThat(b.cancel()).isFalse();
    assertThat(scheduler.pendingTasks()).isEqualTo(2);
    scheduler.runUntilIdle();

    assertThat(ran).containsExactly("a@10", "c@30");
    assertThat(a.cancel()).isFalse();
    assertThat(c.cancel()).isFalse();
  }

  @Test
  void tasksScheduleAndCancelOtherTasks() {
    Scheduled[] victim = new Scheduled[1];
    scheduler.schedule(
        Duration.ofMillis(10),
        () -> {
          record("outer").run();
          scheduler.schedule(Duration.ofMillis(5), record("inner"));
          scheduler.execute(record("inner-now"));
          ran.add("cancelled:" + victim[0].cancel());
        });
    scheduler.schedule(Duration.ofMillis(10), record("sibling"));
    victim[0] = scheduler.schedule(Duration.ofMillis(12), record("victim"));

    scheduler.runUntilIdle();

    assertThat(ran)
        .containsExactly("outer@10", "cancelled:true", "sibling@10", "inner-now@10", "inner@15");
  }

  @Test
  void runUntilLeavesLaterTasksPendingAndSetsTheClockExactly() {
    scheduler.schedule(Duration.ofMillis(100), record("a"));
    scheduler.schedule(Duration.ofMillis(250), record("b"));
    scheduler.schedule(Duration.ofMillis(251), record("c"));

    long count = scheduler.runUntil(START + 250);

    assertThat(count).isEqualTo(2);
    assertThat(ran).containsExactly("a@100", "b@250");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 250);
    assertThat(scheduler.pendingTasks()).isEqualTo(1);

    scheduler.runUntil(START + 1000);

    assertThat(ran).containsExactly("a@100", "b@250", "c@251");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 1000);
  }

  @Test
  void runUntilAlsoRunsWhatTasksScheduleForTimesWithinTheLimit() {
    scheduler.schedule(
        Duration.ofMillis(40),
        () -> {
          record("a").run();
          scheduler.schedule(Duration.ofMillis(10), record("b"));
          scheduler.schedule(Duration.ofMillis(11), record("c"));
        });

    scheduler.runUntil(START + 50);

    assertThat(ran).containsExactly("a@40", "b@50");
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
  }

  @Test
  void runForMovesTheClockByTheDurationRoundedUpToAMillisecond() {
    scheduler.schedule(Duration.ofMillis(3), record("a"));

    scheduler.runFor(Duration.ofMillis(2));
    scheduler.runFor(Duration.ofNanos(1_500_000));

    assertThat(scheduler.nowMillis()).isEqualTo(START + 4);
    assertThat(ran).containsExactly("a@3");
  }

  @Test
  void aDelayThatIsNotAWholeMillisecondIsRoundedUpSoTheTaskNeverRunsEarly() {
    Scheduled task = scheduler.schedule(Duration.ofNanos(1), record("a"));

    assertThat(task.atMillis()).isEqualTo(START + 1);
  }

  @Test
  void aDelayBeyondTheEndOfTimeNeverComesDue() {
    Scheduled never = scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), record("never"));
    scheduler.runFor(Duration.ofDays(365_000));

    assertThat(never.atMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(ran).isEmpty();
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
  }

  @Test
  void advanceToMovesTheClockWithoutRunningTasksWhichThenRunOverdueInTheirOrder() {
    scheduler.schedule(Duration.ofMillis(20), record("b"));
    scheduler.schedule(Duration.ofMillis(10), record("a"));
    scheduler.schedule(Duration.ofMillis(500), record("later"));

    scheduler.advanceTo(START + 100);

    assertThat(ran).isEmpty();
    assertThat(scheduler.nowMillis()).isEqualTo(START + 100);
    scheduler.execute(record("now"));
    scheduler.runUntil(START + 100);
    assertThat(ran).containsExactly("a@100", "b@100", "now@100");
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
  }

  @Test
  void refusesToMoveTheClockBackwards() {
    scheduler.runFor(Duration.ofSeconds(1));

    assertThatThrownBy(() -> scheduler.runUntil(START + 999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-01-01T00:00:00.999Z")
        .hasMessageContaining("2026-01-01T00:00:01Z");
    assertThatThrownBy(() -> scheduler.advanceTo(START))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> scheduler.schedule(Duration.ofMillis(-1), record("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 1000);
  }

  @Test
  void runNextStepsOneEventAtATime() {
    scheduler.schedule(Duration.ofMillis(10), record("a"));
    scheduler.schedule(Duration.ofMillis(20), record("b"));

    assertThat(scheduler.runNext()).isTrue();
    assertThat(ran).containsExactly("a@10");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 10);
    assertThat(scheduler.runNext()).isTrue();
    assertThat(scheduler.runNext()).isFalse();
    assertThat(ran).containsExactly("a@10", "b@20");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 20);
  }

  @Test
  void aTaskThatThrowsDoesNotStopLaterTasks() {
    scheduler.schedule(Duration.ofMillis(1), record("before"));
    scheduler.schedule(
        Duration.ofMillis(2),
        () -> {
          throw new IllegalStateException("deliberate failure in a test task");
        });
    scheduler.schedule(Duration.ofMillis(3), record("after"));

    long count = scheduler.runUntilIdle();

    assertThat(count).isEqualTo(3);
    assertThat(ran).containsExactly("before@1", "after@3");
    assertThat(scheduler.failedTasks()).isEqualTo(1);
  }

  @Test
  void anErrorInATaskSuchAsAFailedAssertionFailsTheRunAndLeavesTheRestQueued() {
    scheduler.schedule(
        Duration.ofMillis(1),
        () -> {
          throw new AssertionError("deliberate assertion failure");
        });
    scheduler.schedule(Duration.ofMillis(2), record("after"));

    assertThatThrownBy(scheduler::runUntilIdle)
        .isInstanceOf(AssertionError.class)
        .hasMessage("deliberate assertion failure");
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
    scheduler.runUntilIdle();
    assertThat(ran).containsExactly("after@2");
  }

  @Test
  void stopsATaskThatKeepsReschedulingItselfAfterTheEventCap() {
    Runnable[] forever = new Runnable[1];
    forever[0] = () -> scheduler.schedule(Duration.ofMillis(1), forever[0]);
    scheduler.execute(forever[0]);

    assertThatThrownBy(() -> scheduler.runUntilIdle(1000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runUntilIdle() ran 1000 tasks")
        .hasMessageContaining("rescheduling itself");
    assertThat(scheduler.nowMillis()).isEqualTo(START + 999);
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
  }

  @Test
  void runningExactlyTheCapIsNotAnError() {
    for (int i = 0; i < 10; i++) {
      scheduler.execute(record("t" + i));
    }

    assertThat(scheduler.runUntilIdle(10)).isEqualTo(10);
  }

  @Test
  void aTaskCannotRunTheSchedulerItRunsOn() {
    scheduler.execute(scheduler::runUntilIdle);
    scheduler.execute(scheduler::runNext);

    scheduler.runUntilIdle();

    assertThat(scheduler.failedTasks()).isEqualTo(2);
  }

  @Test
  void runsAMillionEventsQuickly() {
    // 1000 timers that each re-arm themselves 1000 times: a million events, a queue of 1000.
    int timers = 1000;
    int rounds = 1000;
    long[] fired = new long[1];
    for (int t = 0; t < timers; t++) {
      int period = 1 + t % 7;
      int[] left = {rounds};
      Runnable[] tick = new Runnable[1];
      tick[0] =
          () -> {
            fired[0]++;
            if (--left[0] > 0) {
              scheduler.schedule(Duration.ofMillis(period), tick[0]);
            }
          };
      scheduler.schedule(Duration.ofMillis(period), tick[0]);
    }

    long count = scheduler.runUntilIdle();

    assertThat(count).isEqualTo(1_000_000L);
    assertThat(fired[0]).isEqualTo(1_000_000L);
    assertThat(scheduler.nowMillis()).isEqualTo(START + 7L * rounds);
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    assertThat(simulate(42)).isEqualTo(simulate(42)).isNotEqualTo(simulate(43));
  }

  /** A toy network: messages hop between 5 nodes with random delays and a few random losses. */
  private static List<String> simulate(long seed) {
    VirtualTimeScheduler sim = new VirtualTimeScheduler();
    Random random = new Random(seed);
    List<String> trace = new ArrayList<>();
    class Hop implements Runnable {
      final int message;
      final int node;
      final int hopsLeft;

      Hop(int message, int node, int hopsLeft) {
        this.message = message;
        this.node = node;
        this.hopsLeft = hopsLeft;
      }

      @Override
      public void run() {
        trace.add(sim.nowMillis() + ":" + message + "@" + node);
        if (hopsLeft > 0 && random.nextInt(10) > 0) {
          sim.schedule(
              Duration.ofMillis(random.nextInt(50)),
              new Hop(message, random.nextInt(5), hopsLeft - 1));
        }
      }
    }
    for (int m = 0; m < 100; m++) {
      sim.schedule(Duration.ofMillis(random.nextInt(1000)), new Hop(m, m % 5, 20));
    }
    sim.runUntilIdle();
    return trace;
  }

  @Test
  void isConfinedToTheThreadThatDrivesIt() throws Exception {
    Scheduled task = scheduler.schedule(Duration.ofMillis(1), record("a"));

    assertThat(onAnotherThread(scheduler::inSchedulerThread)).isFalse();
    assertThat(scheduler.inSchedulerThread()).isTrue();
    for (Runnable call :
        List.<Runnable>of(
            scheduler::nowMillis,
            () -> scheduler.execute(record("x")),
            () -> scheduler.schedule(Duration.ZERO, record("x")),
            () -> scheduler.scheduleAt(START, record("x")),
            task::cancel,
            scheduler::runUntilIdle,
            () -> scheduler.runUntil(START + 5),
            scheduler::pendingTasks)) {
      Throwable thrown =
          onAnotherThread(
              () -> {
                try {
                  call.run();
                  return null;
                } catch (IllegalStateException e) {
                  return e;
                }
              });
      assertThat(thrown)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("confined to thread " + Thread.currentThread().getName());
    }
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
  }

  private static <T> T onAnotherThread(Supplier<T> call)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(call.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "another-thread");
    thread.start();
    return result.get(30, TimeUnit.SECONDS);
  }
}
