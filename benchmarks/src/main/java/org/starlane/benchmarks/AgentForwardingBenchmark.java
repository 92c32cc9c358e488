package org.starlane.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.SendResult;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.store.InMemoryBundleStore;

/**
 * The in-memory agent's forwarding path on one thread: a convergence layer hands the agent a
 * received small bundle (decoded from its bytes), the agent runs RFC 9171 §5.6 reception (duplicate
 * check, lifetime and hop checks, store), dispatches it (§5.3), the static routing table picks the
 * next hop, and the agent forwards it (§5.4: Previous Node block added) to a link that accepts it
 * at once; the forwarded bundle then leaves the store. Target (issue): 500,000 bundles/s.
 *
 * <p>One invocation receives {@link #BATCH} distinct bundles and runs the virtual-time scheduler
 * until idle, so a figure is bundles per second. Bundles come from a ring of pre-encoded bundles
 * with distinct creation timestamps; the agent's duplicate memory is smaller than the ring, so none
 * is discarded as a duplicate (the benchmark checks).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AgentForwardingBenchmark {
  static final int BATCH = 1000;
  private static final int RING = 65_536;
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  byte[][] ring;
  int next;
  long forwarded;
  VirtualTimeScheduler time; // confined to the thread that creates it: made in the first invocation
  BundleProtocolAgent agent;
  Link sink;

  @Setup(Level.Trial)
  public void encodeBundles() {
    ring = new byte[RING][];
    long created = 788_918_400_000L; // 2025-01-01T00:00:00Z in DTN time
    for (int i = 0; i < RING; i++) {
      PrimaryBlock primary =
          PrimaryBlock.of(
              EndpointId.ipn(9, 1),
              EndpointId.ipn(7, 1),
              new CreationTimestamp(created, i),
              // far beyond the virtual clock's start, so nothing expires while the benchmark runs
              Long.MAX_VALUE / 4);
      ring[i] =
          CODEC.encode(
              Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(new byte[] {1, 2, 3}))));
    }
  }

  private void startNode() {
    time = new VirtualTimeScheduler();
    agent =
        BundleProtocolAgent.builder(1, time)
            .router(StaticRoutingTable.of("*", EndpointId.ipn(2, 0)))
            .store(new InMemoryBundleStore(Long.MAX_VALUE))
            .statusReportsEnabled(false)
            .duplicateCapacity(RING / 2)
            .build();
    CompletableFuture<SendResult> sent = CompletableFuture.completedFuture(SendResult.SENT);
    sink =
        new Link() {
          final EndpointId peer = EndpointId.ipn(2, 0);

          @Override
          public EndpointId peerNodeId() {
            return peer;
          }

          @Override
          public boolean isUp() {
            return true;
          }

          @Override
          public CompletionStage<SendResult> send(Bundle bundle) {
            forwarded++;
            return sent;
          }
        };
    agent.attach(
        new ConvergenceLayer() {
          @Override
          public String name() {
            return "sink";
          }

          @Override
          public void start(Listener listener) {
            listener.linkUp(sink);
          }

          @Override
          public void stop() {}
        });
    time.runUntilIdle();
  }

  /** Receives {@link #BATCH} bundles and lets the agent forward them all. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long receiveRouteForward() {
    if (agent == null) {
      startNode();
    }
    for (int i = 0; i < BATCH; i++) {
      agent.receive(CODEC.decode(ring[next]), sink);
      next = (next + 1) & (RING - 1);
    }
    time.runUntilIdle();
    if (agent.duplicatesDiscarded() != 0) {
      throw new IllegalStateException(agent.duplicatesDiscarded() + " bundles seen as duplicates");
    }
    return forwarded;
  }
}
