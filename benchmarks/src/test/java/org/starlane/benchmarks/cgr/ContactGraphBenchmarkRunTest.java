package org.starlane.benchmarks.cgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.starlane.cgr.ContactPlan;

/**
 * Runs the benchmarks of this package once, in-process and briefly (on a 2-hour plan to keep the
 * setup short), through JMH itself. Says nothing about speed.
 */
class ContactGraphBenchmarkRunTest {

  @Test
  void everyBenchmarkRunsAndReportsAPositiveScore() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.cgr\\.[A-Z].*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(20))
                    .param("hours", "2")
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    assertThat(results).hasSize(2);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }

  @Test
  void syntheticConstellationHasSeventySixNodesAndAPlausibleContactPattern() {
    ContactPlan plan =
        SyntheticConstellation.plan(ContactGraphRouteBenchmark.START_MILLIS, Duration.ofHours(2));

    assertThat(plan.nodes()).hasSize(76);
    // every contact has a usable range with a LEO light time (under 15 ms)
    assertThat(plan.contacts())
        .allSatisfy(c -> assertThat(plan.owltMillis(c).orElse(-1)).isBetween(1L, 15L));
    // 24 h give about 38,000; 2 h about a twelfth of that
    assertThat(plan.contacts().size()).isBetween(2_000, 5_000);
  }
}
