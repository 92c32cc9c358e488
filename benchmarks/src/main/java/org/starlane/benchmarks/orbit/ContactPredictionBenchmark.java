package org.starlane.benchmarks.orbit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.cgr.orbit.ContactPredictor;
import org.starlane.cgr.orbit.ContactWindow;
import org.starlane.cgr.orbit.EarthData;
import org.starlane.cgr.orbit.GroundStation;
import org.starlane.cgr.orbit.GroundStationsFile;
import org.starlane.cgr.orbit.InterSatelliteLinks;
import org.starlane.cgr.orbit.LinkType;
import org.starlane.cgr.orbit.PredictionRequest;
import org.starlane.cgr.orbit.Satellite;
import org.starlane.cgr.orbit.TwoLineElementsFile;

/**
 * One whole contact prediction for the sample constellation: 66 satellites (Walker star, 780 km,
 * SGP4) and 10 ground stations (10° masks) over {@code hours} hours, ground windows only or with
 * inter-satellite links up to 4,000 km (grazing altitude 100 km). Target (issue 6): 24 h in ≤ 2 s
 * for the ground windows, ≤ 4 s with the inter-satellite links, on the 2-core reference machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ContactPredictionBenchmark {
  /** Length of the prediction span in hours. */
  @Param({"24"})
  public int hours;

  /** {@code ground}: station windows only; {@code isl}: plus inter-satellite links. */
  @Param({"ground", "isl"})
  public String links;

  ContactPredictor predictor;
  PredictionRequest request;

  @Setup
  public void setUp() throws IOException {
    List<Satellite> satellites;
    try (Reader r = resource("relay-walker-66.tle")) {
      satellites = TwoLineElementsFile.read(r, "relay-walker-66.tle", 1001);
    }
    List<GroundStation> stations;
    try (Reader r = resource("ground-stations.csv")) {
      stations = GroundStationsFile.read(r, "ground-stations.csv", 1, 10);
    }
    PredictionRequest ground =
        PredictionRequest.of(
            satellites,
            stations,
            Instant.parse("2026-01-01T00:00:00Z"),
            Duration.ofHours(hours),
            new LinkType("uplink", 12_500),
            new LinkType("downlink", 1_250_000));
    request =
        links.equals("isl")
            ? ground.withInterSatelliteLinks(
                new InterSatelliteLinks(4_000_000, 100_000, new LinkType("crosslink", 125_000)))
            : ground;
    predictor = new ContactPredictor(EarthData.bundled());
  }

  static Reader resource(String name) {
    InputStream in = ContactPredictionBenchmark.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("resource " + name + " missing");
    }
    return new InputStreamReader(in, StandardCharsets.US_ASCII);
  }

  /** The windows of the whole span (JMH consumes the returned list). */
  @Benchmark
  public List<ContactWindow> predict() {
    return predictor.predict(request);
  }
}
