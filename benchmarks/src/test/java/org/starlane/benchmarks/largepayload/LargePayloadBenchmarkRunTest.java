package org.starlane.benchmarks.largepayload;

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
 * Runs every benchmark of this package once, in-process and briefly, through JMH itself (harness,
 * {@code @Param}, setup and teardown, the byte counter). Says nothing about speed.
 */
class LargePayloadBenchmarkRunTest {

  @Test
  void everyLargePayloadBenchmarkRunsAndReportsPositiveScoresAndBytes() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.largepayload\\..*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(5))
                    .param("payloadBytes", "1000000")
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    assertThat(results).hasSize(2);
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.getPrimaryResult().getScore()).isPositive();
              assertThat(r.getSecondaryResults().get("bytes").getScore()).isPositive();
            });
  }
}
