package org.starlane.benchmarks.udpcl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.cl.udpcl.UdpConvergenceLayer;

/**
 * Bundles per second through the UDP convergence layer over loopback: one layer encodes each bundle
 * into a datagram and sends it (RFC 7122 §3.2), another receives, decodes (CRC-32C checked) and
 * hands it to a counting listener, each on its own Netty event loop. A figure is bundles received
 * per second.
 *
 * <p>UDP has no flow control: the sender keeps at most {@link #WINDOW} bundles unaccounted for
 * (sent but not received) so that it does not overrun the receiver's socket buffer. A bundle the
 * kernel drops anyway is counted in the {@code lost} auxiliary counter (the invocation stops
 * waiting for it after a second), so the score never counts a lost bundle as received.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class UdpThroughputBenchmark {
  private static final CompletionStage<ReceiveResult> ACCEPTED =
      CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);

  static final int BATCH = 1000;
  static final int WINDOW = 256;
  private static final long PAUSE_NANOS = 20_000;
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

  @Param({"100", "1000"})
  public int payloadBytes;

  UdpConvergenceLayer sender;
  UdpConvergenceLayer receiver;
  Link link;
  Bundle bundle;
  final AtomicLong received = new AtomicLong();
  long sent;

  /** Bundles sent but never received, per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Losses {
    public long lost;

    @Setup(Level.Iteration)
    public void reset() {
      lost = 0;
    }
  }

  @Setup(Level.Trial)
  public void start() {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    sender = UdpConvergenceLayer.builder().bind(loopback).build();
    receiver = UdpConvergenceLayer.builder().bind(loopback).build();
    sender.start(listener(null));
    receiver.start(listener(received));
    link = sender.addPeer(EndpointId.ipn(2, 0), receiver.localAddress());
    receiver.addPeer(EndpointId.ipn(1, 0), sender.localAddress());
    bundle =
        Bundle.of(
            PrimaryBlock.of(
                EndpointId.ipn(2, 1),
                EndpointId.ipn(1, 1),
                new CreationTimestamp(820_000_000_000L, 0),
                86_400_000),
            CanonicalBlock.payload(ByteBuffer.wrap(new byte[payloadBytes])));
  }

  @TearDown(Level.Trial)
  public void stop() {
    sender.stop();
    receiver.stop();
  }

  /** Sends {@link #BATCH} bundles and waits until they are received (or given up as lost). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long sendAndReceive(Losses losses) {
    long target = sent + BATCH;
    while (sent < target) {
      if (sent - received.get() < WINDOW) {
        link.send(bundle);
        sent++;
      } else {
        LockSupport.parkNanos(PAUSE_NANOS); // leave the cores to the event loops
      }
    }
    long deadline = System.nanoTime() + GIVE_UP_NANOS;
    while (received.get() < sent && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(PAUSE_NANOS);
    }
    long missing = sent - received.get();
    if (missing > 0) {
      losses.lost += missing;
      received.addAndGet(missing); // accounted for: the window must not stay blocked
    }
    return received.get();
  }

  private static ConvergenceLayer.Listener listener(AtomicLong counter) {
    return new ConvergenceLayer.Listener() {
      @Override
      public void linkUp(Link l) {}

      @Override
      public void linkDown(Link l) {}

      @Override
      public CompletionStage<ReceiveResult> bundleReceived(Link l, Bundle b) {
        if (counter != null) {
          counter.incrementAndGet();
        }
        return ACCEPTED;
      }
    };
  }
}
