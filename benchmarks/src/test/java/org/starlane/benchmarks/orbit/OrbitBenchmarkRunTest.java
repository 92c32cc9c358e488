package org.starlane.benchmarks.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks of this package once, in-process, over one hour of prediction instead of 24:
 * the harness, the parameters and the resources work. Says nothing about speed.
 */
class OrbitBenchmarkRunTest {
  @Test
  void everyBenchmarkConfigurationRunsAndReportsAPositiveScore() throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("org\\.starlane\\.benchmarks\\.orbit\\.[A-Z].*")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(5))
                    .param("hours", "1")
                    .verbosity(VerboseMode.SILENT)
                    .shouldFailOnError(true)
                    .build())
            .run();

    assertThat(results).hasSize(2);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }

  @Test
  void shippedPlanHasTheConstellationsSeventySixNodes() throws IOException {
    java.util.Set<String> nodes = new java.util.HashSet<>();
    int contacts = 0;
    try (BufferedReader r =
        new BufferedReader(ContactPredictionBenchmark.resource("relay-walker-66-24h.ionrc"))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("a contact ")) {
          String[] f = line.split(" ");
          nodes.add(f[4]);
          nodes.add(f[5]);
          contacts++;
        }
      }
    }
    assertThat(nodes).hasSize(76);
    assertThat(contacts).isGreaterThan(30_000);
  }
}
