package org.starlane.cl.udpcl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.agent.TransmitResult;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.EventLoopScheduler;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.SendResult;

/**
 * The UDP convergence layer (RFC 7122 §3.2) over real loopback sockets: agents exchanging bundles,
 * junk datagrams counted, oversize bundles refused and fragmented by the agent, the rate limit.
 */
class UdpConvergenceLayerIT {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final TransmitOptions OPTIONS =
      TransmitOptions.DEFAULT.withLifetime(Duration.ofHours(1));

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  /** One node: an agent on its own real-time scheduler and a UDP convergence layer. */
  final class Node {
    final long number;
    final EventLoopScheduler scheduler;
    final BundleProtocolAgent agent;
    final UdpConvergenceLayer udp;
    final List<Bundle> delivered = new CopyOnWriteArrayList<>();

    Node(long number, long peerNumber, int maxDatagramBytes) {
      this.number = number;
      this.scheduler = new EventLoopScheduler("agent-" + number);
      closeAfter.add(scheduler);
      this.agent =
          BundleProtocolAgent.builder(number, scheduler)
              .router(StaticRoutingTable.of("*", ipn(peerNumber, 0)))
              .build();
      this.udp =
          UdpConvergenceLayer.builder()
              .bind(ANY_LOOPBACK_PORT)
              .maxDatagramSizeBytes(maxDatagramBytes)
              .build();
      closeAfter.add(udp::stop);
      agent.register(ipn(number, 1), delivered::add, true, DeliveryFailureAction.DEFER);
      agent.attach(udp);
    }

    InetSocketAddress address() {
      return udp.localAddress();
    }

    void transmit(EndpointId to, byte[] payload) {
      TransmitResult result =
          agent
              .transmit(ipn(number, 1), to, payload, OPTIONS)
              .orTimeout(30, TimeUnit.SECONDS)
              .join();
      assertThat(result).isInstanceOf(TransmitResult.Accepted.class);
    }
  }

  /** Two nodes that know each other's address. */
  private Node[] pair(int maxDatagramBytes) {
    Node a = new Node(1, 2, maxDatagramBytes);
    Node b = new Node(2, 1, maxDatagramBytes);
    a.udp.addPeer(ipn(2, 0), b.address());
    b.udp.addPeer(ipn(1, 0), a.address());
    return new Node[] {a, b};
  }

  private static Bundle bundle(EndpointId destination, EndpointId source, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    return Bundle.of(
        PrimaryBlock.of(destination, source, new CreationTimestamp(800_000_000_000L, 1), 3_600_000),
        CanonicalBlock.payload(ByteBuffer.wrap(payload)));
  }

  @Test
  void twoAgentsExchangeBundlesOverLoopbackUdp() {
    Node[] nodes = pair(UdpConvergenceLayer.DEFAULT_MAX_DATAGRAM_BYTES);
    Node a = nodes[0];
    Node b = nodes[1];
    for (int i = 0; i < 20; i++) {
      a.transmit(ipn(2, 1), ("from A " + i).getBytes(UTF_8));
      b.transmit(ipn(1, 1), ("from B " + i).getBytes(UTF_8));
    }
    Eventually.until(
        () -> "20 bundles each way, got " + a.delivered.size() + " and " + b.delivered.size(),
        () -> a.delivered.size() == 20 && b.delivered.size() == 20);
    assertThat(b.delivered)
        .extracting(x -> new String(x.payloadBlock().dataBytes(), UTF_8))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(i -> "from A " + i).toList());
    assertThat(b.delivered).allSatisfy(x -> assertThat(x.primary().source()).isEqualTo(ipn(1, 1)));
    assertThat(a.udp.counters().bundlesSent()).isEqualTo(20);
    assertThat(b.udp.counters().bundlesReceived()).isEqualTo(20);
    assertThat(b.udp.counters().junkDatagrams()).isZero();
  }

  @Test
  void echoServiceRepliesOverUdp() {
    Node[] nodes = pair(UdpConvergenceLayer.DEFAULT_MAX_DATAGRAM_BYTES);
    nodes[0].transmit(ipn(2, BundleProtocolAgent.ECHO_SERVICE), "ping".getBytes(UTF_8));
    Eventually.until(() -> "the echo", () -> nodes[0].delivered.size() == 1);
    assertThat(nodes[0].delivered.get(0).payloadBlock().dataBytes())
        .isEqualTo("ping".getBytes(UTF_8));
  }

  @Test
  void junkDatagramsAreIgnoredAndCounted() throws Exception {
    RecordingListener listener = new RecordingListener();
    List<Bundle> received = listener.received;
    UdpConvergenceLayer udp =
        UdpConvergenceLayer.builder().bind(ANY_LOOPBACK_PORT).maxDatagramSizeBytes(2000).build();
    closeAfter.add(udp::stop);
    udp.start(listener);
    try (DatagramSocket peer = new DatagramSocket(ANY_LOOPBACK_PORT);
        DatagramSocket stranger = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      udp.addPeer(ipn(3, 0), (InetSocketAddress) peer.getLocalSocketAddress());
      InetSocketAddress to = udp.localAddress();
      byte[] good = BundleCodec.DEFAULT.encode(bundle(ipn(9, 1), ipn(3, 1), 100));
      byte[] corrupted = good.clone();
      corrupted[corrupted.length - 20] ^= 0x10; // a payload bit: the payload CRC-32C fails
      byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);

      send(peer, to, new byte[] {0x7f}); // the 1-octet datagram some stacks send at shutdown
      send(peer, to, new byte[] {1, 2, 3});
      send(peer, to, new byte[4]); // a keep-alive (RFC 7122 §3.4)
      send(peer, to, "this is not CBOR at all".getBytes(UTF_8));
      send(peer, to, corrupted);
      send(peer, to, trailing); // a bundle and one more octet: not exactly one bundle
      send(peer, to, new byte[2100]); // longer than the maximum datagram
      send(stranger, to, good); // a valid bundle from an unknown address
      send(peer, to, good); // the last one: when it is here, every datagram before it was read

      Eventually.until(() -> "the valid bundle", () -> received.size() == 1);
    }
    UdpclCounters c = udp.counters();
    assertThat(c.datagramsReceived()).isEqualTo(9);
    assertThat(c.shortDatagrams()).isEqualTo(2);
    assertThat(c.keepAlivesReceived()).isEqualTo(1);
    assertThat(c.undecodableDatagrams()).isEqualTo(3);
    assertThat(c.oversizeDatagrams()).isEqualTo(1);
    assertThat(c.junkDatagrams()).isEqualTo(6);
    assertThat(c.unknownSenderDatagrams()).isEqualTo(1);
    assertThat(c.bundlesReceived()).isEqualTo(1);
    assertThat(received.get(0).primary().source()).isEqualTo(ipn(3, 1));
  }

  @Test
  void acceptsBundlesFromUnknownSendersOverTheAnonymousLinkWhenConfigured() throws Exception {
    RecordingListener listener = new RecordingListener();
    List<Link> links = listener.receivedOver;
    List<Bundle> received = listener.received;
    UdpConvergenceLayer udp =
        UdpConvergenceLayer.builder()
            .bind(ANY_LOOPBACK_PORT)
            .unknownSenders(UnknownSenderPolicy.ACCEPT)
            .build();
    closeAfter.add(udp::stop);
    udp.start(listener);
    try (DatagramSocket stranger = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      send(
          stranger,
          udp.localAddress(),
          BundleCodec.DEFAULT.encode(bundle(ipn(9, 1), ipn(5, 1), 10)));
      Eventually.until(() -> "the stranger's bundle", () -> received.size() == 1);
    }
    Link anonymous = links.get(0);
    assertThat(anonymous.peerNodeId()).isEqualTo(EndpointId.NONE);
    assertThat(anonymous.isUp()).isFalse();
    assertThat(anonymous.send(received.get(0)).toCompletableFuture().join())
        .isInstanceOf(SendResult.Refused.class);
    assertThat(udp.counters().anonymousBundles()).isEqualTo(1);
  }

  @Test
  void refusesAnOversizeBundleAndTheAgentDeliversItAsFragments() {
    Node[] nodes = pair(600);
    Node a = nodes[0];
    Node b = nodes[1];
    Link link = a.udp.link(ipn(2, 0)).orElseThrow();
    assertThat(link.maxBundleSizeBytes()).hasValue(600);

    // Offered directly, a bundle that does not fit one datagram is refused, not truncated.
    Bundle big = bundle(ipn(2, 1), ipn(1, 1), 5000);
    SendResult direct = link.send(big).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(direct).isInstanceOf(SendResult.Refused.class);
    assertThat(((SendResult.Refused) direct).reason())
        .contains("exceeds the maximum datagram size of 600");
    assertThat(a.udp.counters().refusedOversize()).isEqualTo(1);
    assertThat(a.udp.counters().bundlesSent()).isZero();

    // Through the agent, the same payload is fragmented proactively (RFC 9171 §5.8) and
    // reassembled.
    byte[] payload = new byte[5000];
    new java.util.Random(42).nextBytes(payload);
    a.transmit(ipn(2, 1), payload);
    Eventually.until(() -> "the reassembled bundle", () -> b.delivered.size() == 1);
    assertThat(b.delivered.get(0).payloadBlock().dataBytes()).isEqualTo(payload);
    assertThat(b.delivered.get(0).primary().isFragment()).isFalse();
    assertThat(a.udp.counters().bundlesSent()).isGreaterThanOrEqualTo(9);
    assertThat(b.udp.counters().oversizeDatagrams()).isZero();
    assertThat(a.udp.counters().bytesSent() / a.udp.counters().bundlesSent())
        .isLessThanOrEqualTo(600);
  }

  @Test
  void bundlesMarkedMustNotFragmentAreRefusedByTheLinkWhenTooLarge() {
    Node[] nodes = pair(600);
    Bundle big =
        Bundle.of(
            new PrimaryBlock(
                BundleProcessingFlags.NONE.with(BundleProcessingFlags.MUST_NOT_FRAGMENT),
                org.starlane.bp.bundle.CrcType.CRC32C,
                ipn(2, 1),
                ipn(1, 1),
                ipn(1, 1),
                new CreationTimestamp(800_000_000_000L, 2),
                3_600_000,
                0,
                0),
            CanonicalBlock.payload(ByteBuffer.wrap(new byte[1000])));
    SendResult result =
        nodes[0].udp.link(ipn(2, 0)).orElseThrow().send(big).toCompletableFuture().join();
    assertThat(result).isInstanceOf(SendResult.Refused.class);
  }

  @Test
  void rateLimitPacesDatagramsToTheConfiguredRate() throws Exception {
    long rate = 200_000; // bytes per second
    int count = 100;
    UdpConvergenceLayer udp =
        UdpConvergenceLayer.builder()
            .bind(ANY_LOOPBACK_PORT)
            .rateLimit(rate, UdpConvergenceLayer.DEFAULT_MAX_DATAGRAM_BYTES)
            .build();
    closeAfter.add(udp::stop);
    udp.start(new RecordingListener());
    try (DatagramSocket sink = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      Link link = udp.addPeer(ipn(2, 0), (InetSocketAddress) sink.getLocalSocketAddress());
      List<CompletableFuture<SendResult>> sends = new ArrayList<>();
      long bytes = 0;
      long started = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Bundle b = bundle(ipn(2, 1), ipn(1, 1), 1000);
        bytes += BundleCodec.DEFAULT.encode(b).length;
        sends.add(link.send(b).toCompletableFuture());
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(sends).allSatisfy(s -> assertThat(s.join()).isEqualTo(SendResult.SENT));
      // The first burst goes at once; the rest cannot go faster than the rate. A slow machine may
      // take longer, never shorter.
      double fastest = (bytes - UdpConvergenceLayer.DEFAULT_MAX_DATAGRAM_BYTES) / (double) rate;
      assertThat(seconds).isGreaterThanOrEqualTo(fastest * 0.98).isLessThan(fastest * 5 + 5);
      assertThat(udp.counters().rateLimitedSends()).isGreaterThan(count / 2);
      assertThat(udp.counters().bytesSent()).isEqualTo(bytes);
    }
  }

  @Test
  void rateLimitRefusesSendsBeyondTheQueueLimit() throws Exception {
    UdpConvergenceLayer udp =
        UdpConvergenceLayer.builder()
            .bind(ANY_LOOPBACK_PORT)
            .rateLimit(1000, UdpConvergenceLayer.DEFAULT_MAX_DATAGRAM_BYTES)
            .maxQueuedBytes(3000)
            .build();
    closeAfter.add(udp::stop);
    udp.start(new RecordingListener());
    try (DatagramSocket sink = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      Link link = udp.addPeer(ipn(2, 0), (InetSocketAddress) sink.getLocalSocketAddress());
      List<CompletableFuture<SendResult>> sends = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sends.add(link.send(bundle(ipn(2, 1), ipn(1, 1), 1000)).toCompletableFuture());
      }
      // one goes from the full bucket, about two fit the queue, the rest are refused at once
      Eventually.until(() -> "refusals", () -> udp.counters().refusedQueueFull() == 3);
      udp.stop();
      assertThat(sends).allSatisfy(s -> assertThat(s.get(30, TimeUnit.SECONDS)).isNotNull());
      assertThat(
              sends.stream()
                  .map(CompletableFuture::join)
                  .filter(SendResult.Refused.class::isInstance))
          .hasSize(5);
    }
  }

  @Test
  void sendsKeepAlivesOfFourZeroOctetsToIdlePeers() throws Exception {
    UdpConvergenceLayer udp =
        UdpConvergenceLayer.builder()
            .bind(ANY_LOOPBACK_PORT)
            .keepAliveInterval(UdpConvergenceLayer.MIN_KEEP_ALIVE_INTERVAL)
            .build();
    closeAfter.add(udp::stop);
    try (DatagramSocket peer = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      peer.setSoTimeout(60_000);
      udp.addPeer(ipn(2, 0), (InetSocketAddress) peer.getLocalSocketAddress());
      long started = System.nanoTime();
      udp.start(new RecordingListener());
      DatagramPacket packet = new DatagramPacket(new byte[16], 16);
      peer.receive(packet); // RFC 7122 §3.4: the first one after 15 s of silence
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(java.util.Arrays.copyOf(packet.getData(), packet.getLength()))
          .containsExactly(0, 0, 0, 0);
      assertThat(seconds).isGreaterThanOrEqualTo(14.9);
      Eventually.until(() -> "the keep-alive counted", () -> udp.counters().keepAlivesSent() == 1);
    }
  }

  @Test
  void afterStopLinksAreDownAndRefuseSends() {
    RecordingListener listener = new RecordingListener();
    List<Link> up = listener.up;
    List<Link> down = listener.down;
    UdpConvergenceLayer udp = UdpConvergenceLayer.builder().bind(ANY_LOOPBACK_PORT).build();
    udp.addPeer(ipn(2, 0), new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
    udp.start(listener);
    assertThat(up).hasSize(1);
    assertThatThrownBy(() -> udp.start(new RecordingListener()))
        .isInstanceOf(IllegalStateException.class);
    udp.stop();
    udp.stop();
    assertThat(down).containsExactlyElementsOf(up);
    assertThat(up.get(0).isUp()).isFalse();
    assertThat(up.get(0).send(bundle(ipn(2, 1), ipn(1, 1), 10)).toCompletableFuture().join())
        .isInstanceOf(SendResult.Refused.class);
  }

  @Test
  void builderRejectsInvalidSettings() {
    var builder = UdpConvergenceLayer.builder();
    assertThatThrownBy(() -> builder.keepAliveInterval(Duration.ofSeconds(14)))
        .hasMessageContaining("shorter than 15 s");
    assertThatThrownBy(() -> builder.maxDatagramSizeBytes(4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxDatagramSizeBytes(65_508))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                builder.peer(ipn(2, 1), new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)))
        .hasMessageContaining("not a node ID");
    assertThatThrownBy(
            () ->
                UdpConvergenceLayer.builder()
                    .maxDatagramSizeBytes(2000)
                    .rateLimit(1000, 1500)
                    .build())
        .hasMessageContaining("cannot hold a datagram of 2000");
  }

  private static void send(DatagramSocket from, InetSocketAddress to, byte[] bytes)
      throws Exception {
    from.send(new DatagramPacket(bytes, bytes.length, to));
  }
}
