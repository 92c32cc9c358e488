package org.starlane.benchmarks.tcpcl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.starlane.benchmarks.BytesProcessed;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.SendResult;
import org.starlane.bpsec.tls.CertificateAuthority;
import org.starlane.bpsec.tls.NodeCertificateRequest;
import org.starlane.bpsec.tls.PeerAuthenticationPolicy;
import org.starlane.cl.tcpcl.TcpclConfig;
import org.starlane.cl.tcpcl.TcpclConvergenceLayer;
import org.starlane.cl.tcpcl.TcpclLimits;
import org.starlane.cl.tcpcl.TcpclLink;
import org.starlane.cl.tcpcl.TcpclTls;

/**
 * One TCPCLv4 session over loopback: each operation is one bundle sent and acknowledged (the
 * XFER_ACK of its last octet arrived), with transfers pipelined in batches. The receiver decodes
 * every bundle ({@link BundleCodec}) as it would for an agent. Bundles are encoded once up front,
 * so the figure is the convergence layer's, not the codec's encoder's. Secondary result {@code
 * bytes}: encoded bundle octets per second (× 8 for bit/s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TcpclSessionBenchmark {
  private static final CompletionStage<ReceiveResult> ACCEPTED =
      CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);

  /** Bundle payload size in octets: 100 (message rate) or 1 MiB (bulk). */
  @Param({"100", "1048576"})
  public int payloadBytes;

  /** "plain", or "tls" (TLS 1.3, node-ID certificates, ECDSA P-256). */
  @Param({"plain", "tls"})
  public String security;

  private TcpclConvergenceLayer receiver;
  private TcpclConvergenceLayer sender;
  private TcpclLink link;
  private byte[] encoded;
  private int batch;
  private final AtomicLong received = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Bundle bundle =
        Bundle.of(
            PrimaryBlock.of(
                EndpointId.ipn(2, 1), EndpointId.ipn(1, 1), new CreationTimestamp(1, 0), 3_600_000),
            CanonicalBlock.payload(ByteBuffer.wrap(new byte[payloadBytes])));
    encoded = BundleCodec.DEFAULT.encode(bundle);
    batch = payloadBytes <= 10_000 ? 2000 : 16;
    TcpclConfig.Builder r =
        TcpclConfig.builder(EndpointId.ipn(2, 0))
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .limits(new TcpclLimits(4 << 20, 1024, 4096))
            .transferMruBytes(64L << 20);
    TcpclConfig.Builder s =
        TcpclConfig.builder(EndpointId.ipn(1, 0))
            .sendSegmentBytes(4 << 20)
            .maxOutstandingTransfers(1 << 16);
    if (security.equals("tls")) {
      Instant now = Instant.now();
      CertificateAuthority ca =
          CertificateAuthority.create(
              "bench CA", now.minusSeconds(60), now.plus(Duration.ofDays(1)));
      r.tls(tls(ca, EndpointId.ipn(2, 0), now));
      s.tls(tls(ca, EndpointId.ipn(1, 0), now));
    }
    receiver = new TcpclConvergenceLayer(r.build());
    receiver.start(
        new ConvergenceLayer.Listener() {
          @Override
          public void linkUp(Link l) {}

          @Override
          public void linkDown(Link l) {}

          @Override
          public CompletionStage<ReceiveResult> bundleReceived(Link l, Bundle b) {
            received.incrementAndGet();
            return ACCEPTED;
          }
        });
    sender = new TcpclConvergenceLayer(s.build());
    sender.start(
        new ConvergenceLayer.Listener() {
          @Override
          public void linkUp(Link l) {}

          @Override
          public void linkDown(Link l) {}

          @Override
          public CompletionStage<ReceiveResult> bundleReceived(Link l, Bundle b) {
            return ACCEPTED;
          }
        });
    link = sender.connect(receiver.localAddress().orElseThrow()).get(30, TimeUnit.SECONDS);
  }

  private static TcpclTls tls(CertificateAuthority ca, EndpointId node, Instant now) {
    return TcpclTls.of(
        ca.issue(
            NodeCertificateRequest.forNode(
                node, now.minusSeconds(60), now.plus(Duration.ofDays(1)))),
        List.of(ca.certificate()),
        PeerAuthenticationPolicy.RECOMMENDED,
        false);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sender.stop();
    receiver.stop();
  }

  /** Sends a batch of bundles and waits for all their acknowledgements; ops = bundles. */
  @Benchmark
  public int sendAcknowledged(BytesProcessed bytes, BatchOps ops) throws Exception {
    CompletableFuture<?>[] sends = new CompletableFuture<?>[batch];
    for (int i = 0; i < batch; i++) {
      sends[i] = link.sendEncoded(encoded).toCompletableFuture();
    }
    CompletableFuture.allOf(sends).get(60, TimeUnit.SECONDS);
    for (CompletableFuture<?> f : sends) {
      if (f.get() != SendResult.SENT) {
        throw new IllegalStateException("send failed: " + f.get());
      }
    }
    bytes.bytes += (long) batch * encoded.length;
    ops.bundles += batch;
    return batch;
  }
}
