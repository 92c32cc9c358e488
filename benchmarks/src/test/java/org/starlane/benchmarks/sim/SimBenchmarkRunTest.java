package org.starlane.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of this package once, in-process and briefly, through JMH itself. Says
 * nothing about speed.
 */
class SimBenchmarkRunTest {

  @Test
  void everyBenchmarkRunsAndReportsBundlesAndEventsPerSecond() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.sim\\.[A-Z].*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(50))
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    assertThat(results).hasSize(1);
    RunResult result = results.iterator().next();
    assertThat(result.getPrimaryResult().getScore()).isPositive();
    // at least two scheduler events per bundle: end of serialization, arrival
    assertThat(result.getSecondaryResults().get("events").getScore())
        .isGreaterThan(result.getPrimaryResult().getScore());
  }
}
