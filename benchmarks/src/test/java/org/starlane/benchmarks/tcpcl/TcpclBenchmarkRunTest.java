package org.starlane.benchmarks.tcpcl;

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
 * Runs every TCPCL benchmark configuration once, in-process and briefly, through JMH itself: the
 * sessions come up (plain and TLS), bundles are acknowledged, the counters count. Says nothing
 * about speed.
 */
class TcpclBenchmarkRunTest {

  @Test
  void everyTcpclBenchmarkConfigurationRunsAndReportsAPositiveScore() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.tcpcl\\..*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(5))
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    // 2 payload sizes x 2 security modes
    assertThat(results).hasSize(4);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    assertThat(results)
        .allSatisfy(r -> assertThat(r.getSecondaryResults().get("bytes").getScore()).isPositive());
    assertThat(results)
        .allSatisfy(
            r -> assertThat(r.getSecondaryResults().get("bundles").getScore()).isPositive());
  }
}
