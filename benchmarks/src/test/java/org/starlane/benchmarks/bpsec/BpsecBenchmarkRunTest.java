package org.starlane.benchmarks.bpsec;

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
 * Runs every BPSec benchmark once, in-process and for a few milliseconds, through JMH itself: the
 * harness, parameters, setup and byte counters work. Says nothing about speed.
 */
class BpsecBenchmarkRunTest {

  @Test
  void everyBpsecBenchmarkRunsAndReportsPositiveScoresAndBytes() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.bpsec\\.[A-Z].*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(5))
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    // BIB sign/verify 2, BCB encrypt/decrypt 2, providers 2 primitives x 2 providers, file-backed
    // payload sign/encrypt/decrypt 3
    assertThat(results).hasSize(11);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    assertThat(results)
        .allSatisfy(r -> assertThat(r.getSecondaryResults().get("bytes").getScore()).isPositive());
  }
}
