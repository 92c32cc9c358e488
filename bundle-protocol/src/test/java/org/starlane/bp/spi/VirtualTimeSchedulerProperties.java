package org.starlane.bp.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random schedules (submissions now, after a delay or at a time possibly in the past; cancels;
 * tasks that schedule a child; runs, steps and clock jumps) checked against a naive reference model
 * that scans a list for the earliest (due time, submission) entry.
 */
class VirtualTimeSchedulerProperties {

  sealed interface Op permits Submit, Cancel, RunFor, AdvanceBy, Step {}

  /** kind 0: execute; 1: schedule(millis, clamped to 0); 2: scheduleAt(now + millis). */
  record Submit(int kind, int millis, int childDelayMillis) implements Op {}

  record Cancel(int pick) implements Op {}

  record RunFor(int millis) implements Op {}

  record AdvanceBy(int millis) implements Op {}

  record Step() implements Op {}

  /** A task that ran: its id and the clock it saw. */
  record Ran(int id, long atMillis) {}

  @Provide
  Arbitrary<List<Op>> schedules() {
    Arbitrary<Op> submit =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(-20, 50),
                Arbitraries.integers().between(-1, 30))
            .as(Submit::new);
    Arbitrary<Op> cancel = Arbitraries.integers().between(0, 1000).map(Cancel::new);
    Arbitrary<Op> runFor = Arbitraries.integers().between(0, 40).map(RunFor::new);
    Arbitrary<Op> advance = Arbitraries.integers().between(0, 40).map(AdvanceBy::new);
    Arbitrary<Op> step = Arbitraries.just(new Step());
    return Arbitraries.frequencyOf(
            Tuple.of(10, submit),
            Tuple.of(4, cancel),
            Tuple.of(2, runFor),
            Tuple.of(1, advance),
            Tuple.of(1, step))
        .list()
        .ofMaxSize(150);
  }

  @Property(tries = 500)
  void runsExactlyTheNonCancelledTasksInTimeThenSubmissionOrder(
      @ForAll("schedules") List<Op> schedule) {
    VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    Model model = new Model(scheduler.nowMillis());
    List<Ran> trace = new ArrayList<>();
    List<Scheduled> handles = new ArrayList<>();
    List<Boolean> cancels = new ArrayList<>();
    List<Boolean> modelCancels = new ArrayList<>();
    Set<Integer> cancelled = new HashSet<>();
    long previousNow = scheduler.nowMillis();

    for (Op op : schedule) {
      if (op instanceof Submit submit) {
        int id = handles.size();
        Runnable task = task(scheduler, trace, id, submit.childDelayMillis());
        long now = scheduler.nowMillis();
        Scheduled handle;
        long dueMillis;
        switch (submit.kind()) {
          case 0 -> {
            scheduler.execute(task);
            handle = null;
            dueMillis = now;
          }
          case 1 -> {
            int delay = Math.max(0, submit.millis());
            handle = scheduler.schedule(Duration.ofMillis(delay), task);
            dueMillis = now + delay;
          }
          default -> {
            handle = scheduler.scheduleAt(now + submit.millis(), task);
            dueMillis = Math.max(now, now + submit.millis());
          }
        }
        if (handle != null) {
          assertThat(handle.atMillis()).isEqualTo(dueMillis);
        }
        handles.add(handle);
        model.submit(dueMillis, id, submit.childDelayMillis());
      } else if (op instanceof Cancel cancel && !handles.isEmpty()) {
        int id = cancel.pick() % handles.size();
        Scheduled handle = handles.get(id);
        if (handle != null) {
          boolean wasPending = handle.cancel();
          cancels.add(wasPending);
          modelCancels.add(model.cancel(id));
          if (wasPending) {
            cancelled.add(id);
          }
        }
      } else if (op instanceof RunFor runFor) {
        long until = scheduler.nowMillis() + runFor.millis();
        scheduler.runFor(Duration.ofMillis(runFor.millis()));
        model.runUntil(until);
        assertThat(scheduler.nowMillis()).isEqualTo(until);
      } else if (op instanceof AdvanceBy advance) {
        scheduler.advanceTo(scheduler.nowMillis() + advance.millis());
        model.now += advance.millis();
      } else if (op instanceof Step) {
        assertThat(scheduler.runNext()).isEqualTo(model.runNext());
      }
      assertThat(scheduler.nowMillis()).isGreaterThanOrEqualTo(previousNow).isEqualTo(model.now);
      assertThat(scheduler.pendingTasks()).isEqualTo(model.pending.size());
      previousNow = scheduler.nowMillis();
    }
    scheduler.runUntilIdle();
    model.runUntil(Long.MAX_VALUE);

    assertThat(trace).isEqualTo(model.trace);
    assertThat(cancels).isEqualTo(modelCancels);
    assertThat(scheduler.pendingTasks()).isZero();
    assertThat(trace).isSortedAccordingTo(Comparator.comparingLong(Ran::atMillis));
    Set<Integer> expectedParents = new HashSet<>();
    for (int id = 0; id < handles.size(); id++) {
      if (!cancelled.contains(id)) {
        expectedParents.add(id);
      }
    }
    assertThat(trace.stream().map(Ran::id).filter(id -> id < CHILD).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedParents);
    for (Ran ran : trace) {
      if (ran.id() < CHILD && handles.get(ran.id()) != null) {
        assertThat(ran.atMillis()).isGreaterThanOrEqualTo(handles.get(ran.id()).atMillis());
      }
    }
  }

  /** Children get ids CHILD + their parent's id. */
  private static final int CHILD = 1_000_000;

  private static Runnable task(
      VirtualTimeScheduler scheduler, List<Ran> trace, int id, int childDelayMillis) {
    return () -> {
      trace.add(new Ran(id, scheduler.nowMillis()));
      if (childDelayMillis >= 0) {
        scheduler.schedule(
            Duration.ofMillis(childDelayMillis), task(scheduler, trace, CHILD + id, -1));
      }
    };
  }

  /** The obvious implementation: a list scanned for the earliest (due time, sequence) entry. */
  private static final class Model {
    record Entry(long atMillis, long sequence, int id, int childDelayMillis) {}

    long now;
    long nextSequence;
    final List<Entry> pending = new ArrayList<>();
    final List<Ran> trace = new ArrayList<>();

    Model(long now) {
      this.now = now;
    }

    void submit(long atMillis, int id, int childDelayMillis) {
      pending.add(new Entry(Math.max(atMillis, now), nextSequence++, id, childDelayMillis));
    }

    boolean cancel(int id) {
      return pending.removeIf(entry -> entry.id() == id);
    }

    boolean runNext() {
      return runOne(Long.MAX_VALUE);
    }

    void runUntil(long untilMillis) {
      while (runOne(untilMillis)) {}
      if (untilMillis != Long.MAX_VALUE) {
        now = untilMillis;
      }
    }

    private boolean runOne(long untilMillis) {
      Entry first = null;
      for (Entry entry : pending) {
        if (entry.atMillis() <= untilMillis
            && (first == null
                || entry.atMillis() < first.atMillis()
                || (entry.atMillis() == first.atMillis() && entry.sequence() < first.sequence()))) {
          first = entry;
        }
      }
      if (first == null) {
        return false;
      }
      pending.remove(first);
      now = Math.max(now, first.atMillis());
      trace.add(new Ran(first.id(), now));
      if (first.childDelayMillis() >= 0) {
        submit(now + first.childDelayMillis(), CHILD + first.id(), -1);
      }
      return true;
    }
  }
}
