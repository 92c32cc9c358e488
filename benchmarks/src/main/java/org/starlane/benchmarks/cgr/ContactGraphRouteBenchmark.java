package org.starlane.benchmarks.cgr;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.cgr.ContactGraph;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Route;
import org.starlane.cgr.RouteList;

/**
 * Contact graph route search on a 76-node plan ({@link SyntheticConstellation}: 66 satellites, 10
 * ground stations, about 38,000 contacts over 24 h). One operation is one query from a fixed,
 * seeded sequence of (source station, destination station, time) triples spread over the first 22
 * hours:
 *
 * <ul>
 *   <li>{@link #bestRoute}: Dijkstra over the contact graph (issue 6 target: median ≤ 1 ms);
 *   <li>{@link #fiveRoutes}: the best route and four alternatives by Yen's algorithm (Lawler).
 * </ul>
 *
 * Sample-time mode, so JMH reports the median (p0.50) as well as the mean.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ContactGraphRouteBenchmark {

  /** 2026-12-01T00:00:00Z. */
  static final long START_MILLIS = 1_764_547_200_000L;

  @Param({"24"})
  public int hours;

  private ContactGraph graph;
  private long[] sources;
  private long[] destinations;
  private long[] times;
  private int next;

  @Setup(Level.Trial)
  public void plan() {
    ContactPlan plan = SyntheticConstellation.plan(START_MILLIS, Duration.ofHours(hours));
    graph = ContactGraph.of(plan);
    SplittableRandom random = new SplittableRandom(42);
    int n = 1024;
    sources = new long[n];
    destinations = new long[n];
    times = new long[n];
    long span = Duration.ofHours(hours).toMillis() * 11 / 12;
    for (int i = 0; i < n; i++) {
      long s =
          SyntheticConstellation.FIRST_STATION + random.nextInt(SyntheticConstellation.STATIONS);
      long d;
      do {
        d = SyntheticConstellation.FIRST_STATION + random.nextInt(SyntheticConstellation.STATIONS);
      } while (d == s);
      sources[i] = s;
      destinations[i] = d;
      times[i] = START_MILLIS + random.nextLong(span);
    }
  }

  /** The number of contacts in the plan (for the run test and the report). */
  public int contactCount() {
    return graph.plan().contacts().size();
  }

  @Benchmark
  public Route bestRoute() {
    int i = next++ & (sources.length - 1);
    return graph.bestRoute(sources[i], destinations[i], times[i]);
  }

  @Benchmark
  public Route fiveRoutes() {
    int i = next++ & (sources.length - 1);
    RouteList list = new RouteList(graph, sources[i], destinations[i], times[i], null);
    return list.get(4);
  }
}
