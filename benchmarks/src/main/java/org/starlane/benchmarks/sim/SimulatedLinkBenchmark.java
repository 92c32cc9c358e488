package org.starlane.benchmarks.sim;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.cl.sim.ContactSchedule;
import org.starlane.cl.sim.RadioChannel;
import org.starlane.cl.sim.SimulatedLink;
import org.starlane.cl.sim.SimulatedNetwork;
import org.starlane.cl.sim.WindowCut;

/**
 * The simulated RF link in virtual time, without agents: bundles of 1,000 payload octets go through
 * a 1 Mbit/s channel with 1.3 s light time, 1 % frame loss and a 10<sup>-6</sup> bit-error rate;
 * each is encoded, serialized (a scheduler event), erased or corrupted by the seeded generator,
 * carried after the light time (an event) and decoded with its CRCs checked at the receiver. The
 * primary figure is bundles per second; the {@code events} auxiliary counter is scheduler events
 * (tasks run) per second — the simulation's speed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SimulatedLinkBenchmark {
  private static final CompletionStage<ReceiveResult> ACCEPTED =
      CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);

  static final int BATCH = 1000;

  VirtualTimeScheduler time; // confined to its creating thread: made in the first invocation
  SimulatedLink link;
  Bundle[] bundles;
  long received;

  /** Scheduler events run, per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
    }
  }

  @Setup(Level.Trial)
  public void makeBundles() {
    bundles = new Bundle[BATCH];
    for (int i = 0; i < BATCH; i++) {
      bundles[i] =
          Bundle.of(
              PrimaryBlock.of(
                  EndpointId.ipn(2, 1),
                  EndpointId.ipn(1, 1),
                  new CreationTimestamp(820_000_000_000L, i),
                  86_400_000),
              CanonicalBlock.payload(ByteBuffer.wrap(new byte[1000])));
    }
  }

  private void startSimulation() {
    time = new VirtualTimeScheduler();
    SimulatedNetwork network = new SimulatedNetwork(time, 42);
    RadioChannel channel =
        RadioChannel.of(1_000_000, Duration.ofMillis(1300))
            .withFrameLoss(0.01)
            .withBitErrorRate(1e-6);
    link =
        network
            .connect(
                EndpointId.ipn(1, 0),
                EndpointId.ipn(2, 0),
                channel,
                ContactSchedule.ALWAYS,
                WindowCut.LOST)
            .aToB();
    ConvergenceLayer.Listener counting =
        new ConvergenceLayer.Listener() {
          @Override
          public void linkUp(Link l) {}

          @Override
          public void linkDown(Link l) {}

          @Override
          public CompletionStage<ReceiveResult> bundleReceived(Link l, Bundle b) {
            received++;
            return ACCEPTED;
          }
        };
    network.node(EndpointId.ipn(1, 0)).start(counting);
    network.node(EndpointId.ipn(2, 0)).start(counting);
    time.runUntilIdle();
  }

  /** Sends {@link #BATCH} bundles and runs the simulation until they have all arrived or died. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long transmitThroughTheChannel(Events events) {
    if (time == null) {
      startSimulation();
    }
    for (Bundle b : bundles) {
      link.send(b);
    }
    events.events += time.runUntilIdle();
    return received;
  }
}
