package org.starlane.benchmarks;

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
 * Runs every benchmark of this package (not its sub-packages, which have their own run tests) once,
 * in-process and for a few milliseconds, through JMH itself: the generated harness, {@code @Param}
 * values, {@code @Setup} and the auxiliary byte counters all work. Says nothing about speed.
 */
class BenchmarkRunTest {

  @Test
  void everyBenchmarkConfigurationRunsAndReportsAPositiveScore() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.[A-Z].*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(5))
                    .param("bundles", "1000") // the store's recovery: keep the fill short
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    // decode 2x3, encode 3x3, relay 2x3, CRC 1x2x2x2, CBOR 4, bundle store 2 + recovery 1, agent 1
    assertThat(results).hasSize(37);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    assertThat(results)
        .filteredOn(r -> !r.getParams().getBenchmark().contains("Cbor"))
        .filteredOn(r -> !r.getParams().getBenchmark().contains("BundleStore"))
        .filteredOn(r -> !r.getParams().getBenchmark().contains("AgentForwarding"))
        .allSatisfy(r -> assertThat(r.getSecondaryResults().get("bytes").getScore()).isPositive());
  }
}
