package org.starlane.cl.tcpcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.cl.tcpcl.RecordingListener.next;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.tls.NodeCertificateRequest;
import org.starlane.bpsec.tls.NodeCredentials;

/**
 * Two {@link org.starlane.bp.agent.BundleProtocolAgent}s exchanging bundles over TCPCLv4 on real
 * loopback sockets (RFC 9174), plain and with TLS and node-ID certificates (§4.4).
 */
class TcpclAgentsIT {
  private static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private AgentNode node(
      long number, long neighbour, java.util.function.UnaryOperator<TcpclConfig.Builder> c) {
    return node(number, neighbour, false, c);
  }

  private AgentNode node(
      long number,
      long neighbour,
      boolean reactive,
      java.util.function.UnaryOperator<TcpclConfig.Builder> c) {
    AgentNode n =
        new AgentNode(
            number,
            neighbour,
            reactive,
            b ->
                c.apply(
                    b.limits(new TcpclLimits(16 << 10, 1024, 4096))
                        .sendSegmentBytes(1 << 20)
                        .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))));
    closing.add(n);
    return n;
  }

  private static byte[] payload(int length, int seed) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = (byte) (i * 7 + seed);
    }
    return p;
  }

  private static void assertDelivers(AgentNode from, AgentNode to, int[] sizes) throws Exception {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] p = payload(sizes[i], i);
      expected.add(
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(p)));
      from.send(to.number, p);
    }
    Set<String> got = new HashSet<>();
    for (int i = 0; i < sizes.length; i++) {
      Bundle b = next(to.delivered);
      assertThat(b.primary().source()).isEqualTo(EndpointId.ipn(from.number, 1));
      byte[] p = new byte[b.payloadBlock().dataLength()];
      b.payloadBlock().data().duplicate().get(p);
      got.add(
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(p)));
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void twoAgentsExchangeBundlesBothWaysOverAPlainSession() throws Exception {
    AgentNode a = node(1, 2, b -> b.listen(ANY_PORT));
    InetSocketAddress aAddress = a.tcpcl.localAddress().orElseThrow();
    AgentNode b = node(2, 1, c -> c.peers(List.of(aAddress)));
    // sizes around and far beyond the 16 KiB segment MRU: segmented transfers
    int[] sizes = {1, 100, 16 << 10, (16 << 10) + 1, 200_000, 5, 1 << 20};
    assertDelivers(b, a, sizes);
    assertDelivers(a, b, sizes);
  }

  @Test
  void twoAgentsExchangeBundlesOverTlsWithNodeIdCertificates() throws Exception {
    TestPki pki = TestPki.create();
    AgentNode a = node(1, 2, c -> c.listen(ANY_PORT).tls(pki.tls(EndpointId.ipn(1, 0))));
    InetSocketAddress aAddress = a.tcpcl.localAddress().orElseThrow();
    AgentNode b = node(2, 1, c -> c.peers(List.of(aAddress)).tls(pki.tls(EndpointId.ipn(2, 0))));
    assertDelivers(b, a, new int[] {10, 100_000, 1 << 20});
    assertDelivers(a, b, new int[] {10, 70_000});
  }

  @Test
  void tls12IsUsedOnlyWhenAllowed() throws Exception {
    TestPki pki = TestPki.create();
    TcpclTls tls12 =
        TcpclTls.of(
            pki.credentials(EndpointId.ipn(1, 0)),
            List.of(pki.ca().certificate()),
            org.starlane.bpsec.tls.PeerAuthenticationPolicy.RECOMMENDED,
            true);
    assertThat(tls12.tls12Allowed()).isTrue();
    AgentNode a = node(1, 2, c -> c.listen(ANY_PORT).tls(tls12));
    InetSocketAddress aAddress = a.tcpcl.localAddress().orElseThrow();
    AgentNode b = node(2, 1, c -> c.tls(pki.tls(EndpointId.ipn(2, 0))));
    b.tcpcl.connect(aAddress).get(20, TimeUnit.SECONDS);
    assertDelivers(b, a, new int[] {1000});
  }

  /** A TLS session attempt from node 2 with {@code credentials} to a TLS node 1. */
  private void assertTlsSessionFails(TestPki pki, NodeCredentials credentials) throws Exception {
    AgentNode a = node(1, 2, c -> c.listen(ANY_PORT).tls(pki.tls(EndpointId.ipn(1, 0))));
    InetSocketAddress aAddress = a.tcpcl.localAddress().orElseThrow();
    AgentNode b =
        node(
            2,
            1,
            c ->
                c.tls(
                    TcpclTls.of(
                        credentials,
                        List.of(pki.ca().certificate()),
                        org.starlane.bpsec.tls.PeerAuthenticationPolicy.RECOMMENDED,
                        false)));
    assertThatThrownBy(() -> b.tcpcl.connect(aAddress).get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(a.tcpcl.links()).isEmpty();
  }

  @Test
  void aCertificateForAnotherNodeIdFailsTheSession() throws Exception {
    TestPki pki = TestPki.create();
    assertTlsSessionFails(pki, pki.credentials(EndpointId.ipn(9, 0)));
  }

  @Test
  void anExpiredCertificateFailsTheSession() throws Exception {
    TestPki pki = TestPki.create();
    Instant now = Instant.now();
    NodeCredentials expired =
        pki.ca()
            .issue(
                NodeCertificateRequest.forNode(
                    EndpointId.ipn(2, 0),
                    now.minus(Duration.ofDays(10)),
                    now.minus(Duration.ofDays(1))));
    assertTlsSessionFails(pki, expired);
  }

  @Test
  void aCertificateFromAnUntrustedCaFailsTheSession() throws Exception {
    TestPki pki = TestPki.create();
    TestPki other = TestPki.create();
    assertTlsSessionFails(pki, other.credentials(EndpointId.ipn(2, 0)));
  }

  @Test
  void aCertificateWithoutNodeIdFailsUnderTheRecommendedPolicy() throws Exception {
    TestPki pki = TestPki.create();
    Instant now = Instant.now();
    NodeCredentials dnsOnly =
        pki.ca()
            .issue(
                new NodeCertificateRequest(
                    java.util.Optional.empty(),
                    List.of("localhost"),
                    List.of(),
                    now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(1))));
    assertTlsSessionFails(pki, dnsOnly);
  }

  @Test
  void severalSessionsRunAtOnce() throws Exception {
    AgentNode hub = node(1, 2, c -> c.listen(ANY_PORT));
    InetSocketAddress hubAddress = hub.tcpcl.localAddress().orElseThrow();
    AgentNode b = node(2, 1, c -> c.peers(List.of(hubAddress)));
    AgentNode c3 = node(3, 1, c -> c.peers(List.of(hubAddress)));
    AgentNode c4 = node(4, 1, c -> c.peers(List.of(hubAddress)));
    for (int i = 0; i < 5; i++) {
      b.send(1, payload(3000, i));
      c3.send(1, payload(3000, i + 10));
      c4.send(1, payload(3000, i + 20));
    }
    Set<EndpointId> sources = new HashSet<>();
    for (int i = 0; i < 15; i++) {
      sources.add(next(hub.delivered).primary().source());
    }
    assertThat(sources)
        .containsExactlyInAnyOrder(
            EndpointId.ipn(2, 1), EndpointId.ipn(3, 1), EndpointId.ipn(4, 1));
    assertThat(hub.tcpcl.links()).hasSize(3);
  }

  @Test
  void anInterruptedTransferLeavesTheBundleWithTheAgentWhichSendsItAgain() throws Exception {
    AgentNode a = node(1, 2, c -> c.listen(ANY_PORT));
    try (CuttingProxy proxy =
        new CuttingProxy(a.tcpcl.localAddress().orElseThrow(), 100_000, Duration.ZERO)) {
      AgentNode b = node(2, 1, c -> c.peers(List.of(proxy.address())));
      byte[] p = payload(400_000, 3);
      b.send(1, p);
      Bundle got = next(a.delivered);
      assertThat(got.payloadBlock().dataLength()).isEqualTo(p.length);
      assertThat(proxy.connections.get()).isGreaterThanOrEqualTo(2);
      assertThat(proxy.cut.get()).isTrue();
      // delivered once: no second copy turns up
      assertThat(a.delivered.poll(1, TimeUnit.SECONDS)).isNull();
      // reactive fragmentation is off: the whole bundle went again, nothing was kept
      assertThat(proxy.bytesFromClient(1)).isGreaterThan(p.length);
      assertThat(a.agent.prefixFragmentsKept()).isZero();
      assertThat(b.agent.remainderFragmentsMade()).isZero();
    }
  }

  @Test
  void withReactiveFragmentationTheReceiverKeepsTheCutPrefixAndTheSenderSendsOnlyTheRest()
      throws Exception {
    AgentNode a = node(1, 2, true, c -> c.listen(ANY_PORT));
    // the link dies after 150,000 octets from node 2, but lets node 1's XFER_ACKs of them back
    // first (half a second): node 2 knows how much arrived
    try (CuttingProxy proxy =
        new CuttingProxy(a.tcpcl.localAddress().orElseThrow(), 150_000, Duration.ofMillis(500))) {
      AgentNode b = node(2, 1, true, c -> c.peers(List.of(proxy.address())));
      byte[] p = payload(400_000, 3);
      b.send(1, p);

      Bundle got = next(a.delivered);

      assertThat(got.primary().isFragment()).isFalse();
      byte[] delivered = new byte[got.payloadBlock().dataLength()];
      got.payloadBlock().data().get(delivered);
      assertThat(delivered).isEqualTo(p);
      assertThat(proxy.cut.get()).isTrue();
      assertThat(a.agent.prefixFragmentsKept()).isEqualTo(1);
      assertThat(b.agent.remainderFragmentsMade()).isEqualTo(1);
      // the second session carried the rest: the payload less the ~147,000 octets acknowledged
      // (nine 16 KiB segments) and the session's own few hundred octets
      long resent = proxy.bytesFromClient(1);
      assertThat(resent).isLessThan(p.length - 140_000).isGreaterThan(p.length - 150_000);
      assertThat(a.delivered.poll(1, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void anActiveEntityReconnectsWhenThePassiveOneComesBack() throws Exception {
    AgentNode a = node(1, 2, c -> c.listen(ANY_PORT));
    InetSocketAddress aAddress = a.tcpcl.localAddress().orElseThrow();
    AgentNode b = node(2, 1, c -> c.peers(List.of(aAddress)));
    assertDelivers(b, a, new int[] {10});
    a.close();
    closing.remove(a);
    // a new node 1 on the same port: node 2 reconnects by itself
    AgentNode a2 = node(1, 2, c -> c.listen(aAddress));
    b.send(1, payload(20, 1));
    assertThat(next(a2.delivered).payloadBlock().dataLength()).isEqualTo(20);
  }

  /**
   * A TCP proxy that cuts its first connection after {@code cutAfterBytes} from client to server
   * (relaying nothing more that way, but still the other way for {@code linger}, then closing
   * both), then relays faithfully. Counts the octets from the client on each connection.
   */
  static final class CuttingProxy implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    private final List<java.util.concurrent.atomic.AtomicLong> fromClient =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Duration linger;
    final java.util.concurrent.atomic.AtomicBoolean cut =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long cutAfterBytes;
    private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CuttingProxy(InetSocketAddress target, long cutAfterBytes, Duration linger) throws IOException {
      this.linger = linger;
      this.target = target;
      this.cutAfterBytes = cutAfterBytes;
      this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      this.acceptor = new Thread(this::acceptLoop, "cutting-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
      try {
        while (true) {
          Socket client = server.accept();
          Socket upstream = new Socket(target.getAddress(), target.getPort());
          sockets.add(client);
          sockets.add(upstream);
          boolean first = connections.incrementAndGet() == 1;
          java.util.concurrent.atomic.AtomicLong counted =
              new java.util.concurrent.atomic.AtomicLong();
          fromClient.add(counted);
          relay(client, upstream, first ? cutAfterBytes : Long.MAX_VALUE, counted);
          relay(upstream, client, Long.MAX_VALUE, new java.util.concurrent.atomic.AtomicLong());
        }
      } catch (IOException e) {
        // closed
      }
    }

    /** The octets relayed from the client on connection {@code index} (0: the first). */
    long bytesFromClient(int index) {
      return fromClient.get(index).get();
    }

    private void relay(
        Socket from, Socket to, long limit, java.util.concurrent.atomic.AtomicLong counted) {
      Thread t =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                long total = 0;
                try (InputStream in = from.getInputStream()) {
                  OutputStream out = to.getOutputStream();
                  int n;
                  while ((n = in.read(buf)) >= 0) {
                    int allowed = (int) Math.min(n, limit - total);
                    out.write(buf, 0, allowed);
                    total += allowed;
                    counted.addAndGet(allowed);
                    if (total >= limit) {
                      cut.set(true);
                      Thread.sleep(linger.toMillis());
                      from.close();
                      to.close();
                      return;
                    }
                  }
                  to.shutdownOutput();
                } catch (IOException e) {
                  closeQuietly(to);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "relay");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : sockets) {
        closeQuietly(s);
      }
    }
  }
}
