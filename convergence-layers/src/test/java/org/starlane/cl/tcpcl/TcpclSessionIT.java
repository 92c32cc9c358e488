package org.starlane.cl.tcpcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.cl.tcpcl.RecordingListener.bundle;
import static org.starlane.cl.tcpcl.RecordingListener.next;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.SendResult;
import org.starlane.cl.tcpcl.TcpclMessage.Keepalive;
import org.starlane.cl.tcpcl.TcpclMessage.MsgReject;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;
import org.starlane.cl.tcpcl.TcpclMessage.SessTerm;
import org.starlane.cl.tcpcl.TcpclMessage.XferAck;
import org.starlane.cl.tcpcl.TcpclMessage.XferRefuse;
import org.starlane.cl.tcpcl.TcpclMessage.XferSegment;

/**
 * A {@link TcpclConvergenceLayer} against a {@link ScriptedPeer} over real loopback sockets: the
 * session rules of RFC 9174 and the answers to misbehaving peers, checked octet by octet.
 */
class TcpclSessionIT {
  private static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final String PEER = "ipn:2.0";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final RecordingListener listener = new RecordingListener();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private TcpclConfig.Builder config() {
    return TcpclConfig.builder(EndpointId.ipn(1, 0))
        .listen(ANY_PORT)
        .limits(new TcpclLimits(1 << 16, 1024, 4096))
        .transferMruBytes(1 << 20)
        .contactTimeout(Duration.ofSeconds(10))
        .terminationTimeout(Duration.ofSeconds(5));
  }

  private TcpclConvergenceLayer start(TcpclConfig config) {
    TcpclConvergenceLayer cl = new TcpclConvergenceLayer(config);
    cl.start(listener);
    closing.add(cl::stop);
    return cl;
  }

  private ScriptedPeer connect(TcpclConvergenceLayer cl) throws IOException {
    ScriptedPeer p = ScriptedPeer.connect(cl.localAddress().orElseThrow());
    closing.add(p);
    return p;
  }

  private static byte[] encoded(Bundle b) {
    return BundleCodec.DEFAULT.encode(b);
  }

  // ---------------------------------------------------------------------------------------------
  // Establishment (§4.2, §4.3, §4.6, §4.7)

  @Test
  void passiveEntityAnswersContactHeaderAndSessInitAndReportsTheLink() throws Exception {
    TcpclConvergenceLayer cl = start(config().keepaliveSeconds(30).build());
    ScriptedPeer peer = connect(cl);
    SessInit ours = peer.handshakeAsActive(PEER, 45);
    assertThat(ours.nodeId()).isEqualTo("ipn:1.0");
    assertThat(ours.keepaliveSeconds()).isEqualTo(30);
    assertThat(ours.segmentMruBytes()).isEqualTo(1 << 16);
    assertThat(ours.transferMruBytes()).isEqualTo(1 << 20);
    assertThat(ours.extensions()).isEmpty();
    TcpclLink link = (TcpclLink) next(listener.up);
    assertThat(link.peerNodeId()).isEqualTo(EndpointId.parse(PEER));
    assertThat(link.isUp()).isTrue();
    assertThat(link.maxBundleSizeBytes()).hasValue(1 << 24);
  }

  @Test
  void aPeerAdvertisingMaximalMrusDoesNotMakeUsAllocateAndTransfersStillWork() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<TcpclLink> link =
          cl.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      ScriptedPeer peer = ScriptedPeer.accept(server);
      closing.add(peer);
      peer.handshakeAsPassive(PEER, 0, -1L, -1L); // 2^64-1 octets each
      TcpclLink l = link.get(20, TimeUnit.SECONDS);
      assertThat(l.maxBundleSizeBytes()).hasValue(TcpclConfig.MAX_TRANSFER_MRU_BYTES);
      byte[] b = encoded(bundle(3000, 1));
      CompletableFuture<SendResult> sent = l.sendEncoded(b).toCompletableFuture();
      XferSegment s = (XferSegment) peer.readMessage();
      // our own send segment size (1 MiB default) bounds the segment, not the peer's 2^64-1
      assertThat(s.transferId()).isZero(); // transfer IDs start at 0 (§5.2.1)
      assertThat(s.isStart() && s.isEnd()).isTrue();
      assertThat(s.extensions()).isEmpty(); // no Transfer Length for one segment (§5.2.5.1)
      assertThat(s.data()).isEqualTo(b);
      peer.send(new XferAck(s.flags(), 0, b.length));
      assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }
  }

  @Test
  void bundlesAreSegmentedByThePeersSegmentMruWithTransferLengthOnStart() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<TcpclLink> link =
          cl.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      ScriptedPeer peer = ScriptedPeer.accept(server);
      closing.add(peer);
      peer.handshakeAsPassive(PEER, 0, 1000, 1 << 20);
      TcpclLink l = link.get(20, TimeUnit.SECONDS);
      byte[] b = encoded(bundle(2500, 1));
      CompletableFuture<SendResult> sent = l.sendEncoded(b).toCompletableFuture();
      List<XferSegment> segments = new ArrayList<>();
      XferSegment s;
      do {
        s = (XferSegment) peer.readMessage();
        segments.add(s);
      } while (!s.isEnd());
      assertThat(segments).allSatisfy(x -> assertThat(x.dataLength()).isLessThanOrEqualTo(1000));
      assertThat(segments.get(0).isStart()).isTrue();
      assertThat(segments.get(0).extensions())
          .containsExactly(ExtensionItem.transferLength(b.length));
      assertThat(segments.subList(1, segments.size())).noneMatch(XferSegment::isStart);
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      for (XferSegment x : segments) {
        all.write(x.data());
      }
      assertThat(all.toByteArray()).isEqualTo(b);
      // acks of all but the last do not complete the send
      long acked = 0;
      for (int i = 0; i < segments.size() - 1; i++) {
        acked += segments.get(i).dataLength();
        peer.send(new XferAck(segments.get(i).flags(), 0, acked));
      }
      assertThat(sent).isNotDone();
      peer.send(new XferAck(s.flags(), 0, b.length));
      assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }
  }

  @Test
  void aPeerWithVersion3GetsOurContactHeaderAndVersionMismatch() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = connect(cl);
    peer.send(new byte[] {0x64, 0x74, 0x6e, 0x21, 3, 0});
    assertThat(peer.readContactHeader()).isEqualTo(ContactHeader.v4(false));
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.VERSION_MISMATCH));
    assertThat(peer.closedByPeer()).isTrue();
    assertNodeStillWorks(cl);
  }

  @Test
  void aWrongMagicClosesTheConnectionWithoutAWord() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = connect(cl);
    peer.send("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(peer.closedSilently()).isTrue();
    assertNodeStillWorks(cl);
  }

  @Test
  void aSegmentBeforeSessInitIsRejectedAndEndsTheSession() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = connect(cl);
    peer.sendContactHeader(false);
    peer.readContactHeader();
    peer.send(XferSegment.of(3, 0, List.of(), new byte[] {1}));
    assertThat(peer.readMessage()).isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_UNEXPECTED, 1));
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.CONTACT_FAILURE));
    assertThat(peer.closedByPeer()).isTrue();
    assertThat(listener.up).isEmpty();
    assertNodeStillWorks(cl);
  }

  @Test
  void aPeerThatNeverSendsSessInitIsTerminatedAfterTheContactTimeout() throws Exception {
    TcpclConvergenceLayer cl = start(config().contactTimeout(Duration.ofMillis(800)).build());
    ScriptedPeer peer = connect(cl);
    peer.sendContactHeader(false);
    peer.readContactHeader();
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.CONTACT_FAILURE));
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void anUnknownCriticalSessionExtensionIsAContactFailure() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = connect(cl);
    peer.sendContactHeader(false);
    peer.readContactHeader();
    peer.send(
        new SessInit(0, 1000, 1000, PEER, List.of(new ExtensionItem(true, 0x7777, new byte[2]))));
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.CONTACT_FAILURE));
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void aSessInitWithoutAValidNodeIdIsAContactFailure() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = connect(cl);
    peer.sendContactHeader(false);
    peer.readContactHeader();
    peer.sendSessInit("ipn:2.5", 0, 1000, 1000); // an endpoint, not a node ID
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.CONTACT_FAILURE));
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void requiredTlsRefusesAPlainPeerWithContactFailure() throws Exception {
    TestPki pki = TestPki.create();
    TcpclConvergenceLayer cl = start(config().tls(pki.tls(EndpointId.ipn(1, 0))).build());
    ScriptedPeer peer = connect(cl);
    peer.sendContactHeader(false);
    assertThat(peer.readContactHeader()).isEqualTo(ContactHeader.v4(true));
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.CONTACT_FAILURE));
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void garbageInsteadOfATlsHandshakeClosesTheConnection() throws Exception {
    TestPki pki = TestPki.create();
    TcpclConvergenceLayer cl = start(config().tls(pki.tls(EndpointId.ipn(1, 0))).build());
    ScriptedPeer peer = connect(cl);
    peer.sendContactHeader(true);
    assertThat(peer.readContactHeader()).isEqualTo(ContactHeader.v4(true));
    peer.send(TcpclFrames.toBytes(new SessInit(0, 1000, 1000, PEER, List.of())));
    assertThat(peer.closedByPeer()).isTrue();
    assertThat(listener.up).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving transfers (§5.2)

  private ScriptedPeer established(TcpclConvergenceLayer cl, int keepalive) throws Exception {
    ScriptedPeer peer = connect(cl);
    peer.handshakeAsActive(PEER, keepalive);
    next(listener.up);
    return peer;
  }

  @Test
  void segmentsAreAcknowledgedCumulativelyAndTheBundleIsDelivered() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    Bundle b = bundle(5000, 7);
    byte[] bytes = encoded(b);
    int[] cuts = {0, 100, 300, 800, bytes.length};
    for (int i = 0; i + 1 < cuts.length; i++) {
      int flags = (i == 0 ? XferSegment.START : 0) | (i + 2 == cuts.length ? XferSegment.END : 0);
      List<ExtensionItem> items =
          i == 0 ? List.of(ExtensionItem.transferLength(bytes.length)) : List.of();
      peer.send(
          XferSegment.of(
              flags, 0, items, java.util.Arrays.copyOfRange(bytes, cuts[i], cuts[i + 1])));
      assertThat(peer.readMessage()).isEqualTo(new XferAck(flags, 0, cuts[i + 1]));
    }
    assertThat(next(listener.bundles)).isEqualTo(b);
  }

  @Test
  void finalAcksWaitForTheAgentsLaterAnswersAndGoOutInTheOrderOfTheAnswers() throws Exception {
    listener.deferAnswers = true;
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    Bundle b0 = bundle(10, 1);
    Bundle b1 = bundle(20, 2);
    peer.send(XferSegment.of(3, 0, List.of(), encoded(b0)));
    peer.send(XferSegment.of(3, 1, List.of(), encoded(b1)));
    CompletableFuture<ReceiveResult> first = next(listener.answers);
    CompletableFuture<ReceiveResult> second = next(listener.answers);
    assertThat(next(listener.bundles)).isEqualTo(b0);
    assertThat(next(listener.bundles)).isEqualTo(b1);
    // answered from another thread than the session's: the acknowledgement must still be flushed
    second.complete(ReceiveResult.ACCEPTED);
    assertThat(peer.readMessage()).isEqualTo(new XferAck(3, 1, encoded(b1).length));
    first.complete(new ReceiveResult.Refused(StatusReportReason.DEPLETED_STORAGE));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.NO_RESOURCES, 0));
  }

  @Test
  void aSegmentWithoutStartIsRejectedAndTheSessionGoesOn() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(XferSegment.of(XferSegment.END, 5, List.of(), new byte[] {1, 2}));
    assertThat(peer.readMessage()).isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_UNEXPECTED, 1));
    Bundle b = bundle(10, 1);
    peer.send(XferSegment.of(3, 6, List.of(), encoded(b)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(3, 6, encoded(b).length));
    assertThat(next(listener.bundles)).isEqualTo(b);
  }

  @Test
  void aNewStartBeforeTheEndIsRejectedAndTheNewTransferIsTaken() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(XferSegment.of(XferSegment.START, 0, List.of(), new byte[] {1, 2}));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(XferSegment.START, 0, 2));
    Bundle b = bundle(10, 2);
    peer.send(XferSegment.of(3, 1, List.of(), encoded(b)));
    assertThat(peer.readMessage()).isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_UNEXPECTED, 1));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(3, 1, encoded(b).length));
    assertThat(next(listener.bundles)).isEqualTo(b);
  }

  @Test
  void anOversizedSegmentIsRejectedAndEndsTheSession() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    io.netty.buffer.ByteBuf h = io.netty.buffer.Unpooled.buffer();
    TcpclFrames.writeSegmentHeader(3, 0, List.of(), (1 << 16) + 1, h);
    byte[] header = io.netty.buffer.ByteBufUtil.getBytes(h);
    h.release();
    peer.send(header);
    assertThat(peer.readMessage()).isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_UNSUPPORTED, 1));
    assertThat(peer.readMessage())
        .isEqualTo(new SessTerm(false, SessTermReason.RESOURCE_EXHAUSTION));
    assertThat(peer.closedByPeer()).isTrue();
    assertThat(next(listener.down).peerNodeId()).isEqualTo(EndpointId.parse(PEER));
    assertNodeStillWorks(cl);
  }

  @Test
  void anUnknownMessageTypeIsRejectedAndTheConnectionClosed() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(new byte[] {0x0b});
    assertThat(peer.readMessage())
        .isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_TYPE_UNKNOWN, 0x0b));
    assertThat(peer.closedByPeer()).isTrue();
    assertNodeStillWorks(cl);
  }

  @Test
  void aTransferLongerThanOurTransferMruIsRefusedWithNoResources() throws Exception {
    TcpclConvergenceLayer cl = start(config().transferMruBytes(1000).build());
    ScriptedPeer peer = established(cl, 0);
    // declared too long
    peer.send(
        XferSegment.of(
            XferSegment.START, 0, List.of(ExtensionItem.transferLength(1001)), new byte[10]));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.NO_RESOURCES, 0));
    peer.send(XferSegment.of(XferSegment.END, 0, List.of(), new byte[10]));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.NO_RESOURCES, 0));
    // not declared, but growing past the MRU
    peer.send(XferSegment.of(XferSegment.START, 1, List.of(), new byte[600]));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(XferSegment.START, 1, 600));
    peer.send(XferSegment.of(0, 1, List.of(), new byte[600]));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.NO_RESOURCES, 1));
  }

  @Test
  void aTransferLengthThatDisagreesWithTheDataIsNotAcceptable() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    byte[] b = encoded(bundle(10, 1));
    peer.send(XferSegment.of(3, 0, List.of(ExtensionItem.transferLength(b.length + 1)), b));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.NOT_ACCEPTABLE, 0));
    assertThat(listener.bundles).isEmpty();
  }

  @Test
  void anUnknownCriticalTransferExtensionIsAnExtensionFailure() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(
        XferSegment.of(
            3, 0, List.of(new ExtensionItem(true, 0x4242, new byte[0])), encoded(bundle(10, 1))));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.EXTENSION_FAILURE, 0));
    // an unknown non-critical one is ignored
    Bundle b = bundle(10, 2);
    peer.send(
        XferSegment.of(3, 1, List.of(new ExtensionItem(false, 0x4242, new byte[3])), encoded(b)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(3, 1, encoded(b).length));
    assertThat(next(listener.bundles)).isEqualTo(b);
  }

  @Test
  void dataThatIsNotABundleIsRefusedAsNotAcceptable() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(XferSegment.of(3, 0, List.of(), new byte[] {(byte) 0x9f, 0x01, 0x02}));
    assertThat(peer.readMessage()).isEqualTo(new XferRefuse(XferRefuseReason.NOT_ACCEPTABLE, 0));
    assertThat(listener.bundles).isEmpty();
  }

  @Test
  void anAckForAnUnknownTransferIsRejectedAsUnexpected() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(new XferAck(3, 99, 10));
    assertThat(peer.readMessage()).isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_UNEXPECTED, 2));
    peer.send(new SessInit(0, 1, 1, PEER, List.of()));
    assertThat(peer.readMessage()).isEqualTo(MsgReject.of(MsgRejectReason.MESSAGE_UNEXPECTED, 7));
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: refusal, drop (§5.2.4, §6.1)

  @ParameterizedTest
  @EnumSource(XferRefuseReason.class)
  void aRefusalCompletesTheSendAsRefusedExceptCompleted(XferRefuseReason reason) throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<TcpclLink> link =
          cl.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      ScriptedPeer peer = ScriptedPeer.accept(server);
      closing.add(peer);
      peer.handshakeAsPassive(PEER, 0, 1 << 16, 1 << 20);
      TcpclLink l = link.get(20, TimeUnit.SECONDS);
      CompletableFuture<SendResult> sent =
          l.sendEncoded(encoded(bundle(100, 1))).toCompletableFuture();
      XferSegment s = (XferSegment) peer.readMessage();
      peer.send(new XferRefuse(reason, s.transferId()));
      SendResult r = sent.get(20, TimeUnit.SECONDS);
      if (reason == XferRefuseReason.COMPLETED) {
        assertThat(r).isEqualTo(SendResult.SENT);
      } else {
        assertThat(r)
            .isInstanceOfSatisfying(
                SendResult.Refused.class, x -> assertThat(x.reason()).contains(reason.name()));
      }
    }
  }

  @Test
  void aConnectionDroppedBeforeTheAckFailsTheSend() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<TcpclLink> link =
          cl.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      ScriptedPeer peer = ScriptedPeer.accept(server);
      peer.handshakeAsPassive(PEER, 0, 1000, 1 << 20);
      TcpclLink l = link.get(20, TimeUnit.SECONDS);
      CompletableFuture<SendResult> sent =
          l.sendEncoded(encoded(bundle(5000, 1))).toCompletableFuture();
      XferSegment first = (XferSegment) peer.readMessage();
      peer.send(new XferAck(first.flags(), first.transferId(), first.dataLength()));
      peer.close();
      // the failure says how much the peer acknowledged (for reactive fragmentation, §3.2)
      assertThat(sent.get(20, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              SendResult.Failed.class, f -> assertThat(f.acknowledgedBytes()).isEqualTo(1000));
      assertThat(next(listener.down)).isSameAs(l);
      assertThat(l.isUp()).isFalse();
      assertThat(l.sendEncoded(new byte[] {1}).toCompletableFuture().get())
          .isInstanceOf(SendResult.Refused.class);
    }
  }

  @Test
  void aConnectionDroppedMidTransferHandsTheOctetsReceivedToTheListener() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    byte[] bytes = encoded(bundle(5000, 3));
    peer.send(
        XferSegment.of(
            XferSegment.START,
            0,
            List.of(ExtensionItem.transferLength(bytes.length)),
            java.util.Arrays.copyOf(bytes, 1200)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(XferSegment.START, 0, 1200));
    peer.send(XferSegment.of(0, 0, List.of(), java.util.Arrays.copyOfRange(bytes, 1200, 2000)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(0, 0, 2000));
    // half a segment, then the connection drops: only whole segments count
    byte[] half =
        TcpclFrames.toBytes(
            XferSegment.of(0, 0, List.of(), java.util.Arrays.copyOfRange(bytes, 2000, 3000)));
    peer.send(java.util.Arrays.copyOf(half, half.length / 2));
    peer.close();

    assertThat(next(listener.prefixes)).isEqualTo(java.util.Arrays.copyOf(bytes, 2000));
    assertThat(listener.bundles).isEmpty();
  }

  @Test
  void aTransferEndedBeforeTheConnectionDropsLeavesNoPrefix() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    Bundle b = bundle(100, 4);
    peer.send(XferSegment.of(3, 0, List.of(), encoded(b)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(3, 0, encoded(b).length));
    peer.close();

    assertThat(next(listener.down)).isNotNull();
    assertThat(next(listener.bundles)).isEqualTo(b);
    assertThat(listener.prefixes).isEmpty();
  }

  @Test
  void theSendQueueIsBoundedAndRefusesBeyondItsLimit() throws Exception {
    TcpclConvergenceLayer cl = start(config().maxOutstandingTransfers(3).build());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<TcpclLink> link =
          cl.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      ScriptedPeer peer = ScriptedPeer.accept(server);
      closing.add(peer);
      peer.handshakeAsPassive(PEER, 0, 1 << 16, 1 << 20);
      TcpclLink l = link.get(20, TimeUnit.SECONDS);
      byte[] b = encoded(bundle(10, 1));
      List<CompletableFuture<SendResult>> sends = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sends.add(l.sendEncoded(b).toCompletableFuture());
      }
      assertThat(sends.get(3).get(20, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              SendResult.Refused.class, r -> assertThat(r.reason()).contains("queue full"));
      for (int i = 0; i < 3; i++) {
        XferSegment s = (XferSegment) peer.readMessage();
        assertThat(s.transferId()).isEqualTo(i);
        peer.send(new XferAck(s.flags(), s.transferId(), s.dataLength()));
      }
      for (int i = 0; i < 3; i++) {
        assertThat(sends.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keepalive (§5.1.1) and termination (§6)

  @Test
  void keepalivesAreSentAtTheNegotiatedIntervalAndSilenceEndsTheSessionWithIdleTimeout()
      throws Exception {
    TcpclConvergenceLayer cl = start(config().keepaliveSeconds(1).build());
    ScriptedPeer peer = connect(cl);
    SessInit ours = peer.handshakeAsActive(PEER, 5); // negotiated: min(1, 5) = 1 s
    assertThat(ours.keepaliveSeconds()).isEqualTo(1);
    next(listener.up);
    long start = System.nanoTime();
    assertThat(peer.readMessage()).isEqualTo(Keepalive.INSTANCE);
    // we stay silent: after 2 intervals the entity terminates with Idle timeout
    TcpclMessage m = peer.readMessageSkippingKeepalives();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(m).isEqualTo(new SessTerm(false, SessTermReason.IDLE_TIMEOUT));
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(900);
    assertThat(next(listener.down).peerNodeId()).isEqualTo(EndpointId.parse(PEER));
    peer.send(new SessTerm(true, SessTermReason.IDLE_TIMEOUT));
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void keepalivesFromThePeerKeepTheSessionUp() throws Exception {
    TcpclConvergenceLayer cl = start(config().keepaliveSeconds(1).build());
    ScriptedPeer peer = connect(cl);
    peer.handshakeAsActive(PEER, 1);
    TcpclLink link = (TcpclLink) next(listener.up);
    for (int i = 0; i < 6; i++) {
      assertThat(peer.readMessage()).isEqualTo(Keepalive.INSTANCE); // about 1 s apart
      peer.send(Keepalive.INSTANCE);
    }
    assertThat(link.isUp()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SessTermReason.class)
  void aPeerTerminationIsAcknowledgedWithTheSameReasonAndTheReplyFlag(SessTermReason reason)
      throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    peer.send(new SessTerm(false, reason));
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(true, reason));
    assertThat(next(listener.down).isUp()).isFalse();
    assertThat(peer.closedByPeer()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SessTermReason.class)
  void ourTerminationCarriesItsReasonAndEndsOnThePeersReply(SessTermReason reason)
      throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    TcpclLink link = (TcpclLink) cl.links().get(0);
    link.terminate(reason);
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, reason));
    assertThat(next(listener.down)).isSameAs(link);
    peer.send(new SessTerm(true, reason));
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void aTerminatingSessionFinishesTheTransferInProgressAndRefusesNewOnes() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    Bundle b = bundle(2000, 3);
    byte[] bytes = encoded(b);
    peer.send(
        XferSegment.of(XferSegment.START, 0, List.of(), java.util.Arrays.copyOf(bytes, 1000)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(XferSegment.START, 0, 1000));
    peer.send(new SessTerm(false, SessTermReason.BUSY));
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(true, SessTermReason.BUSY));
    // the transfer in progress may finish (§6.1)
    peer.send(
        XferSegment.of(
            XferSegment.END,
            0,
            List.of(),
            java.util.Arrays.copyOfRange(bytes, 1000, bytes.length)));
    assertThat(peer.readMessage()).isEqualTo(new XferAck(XferSegment.END, 0, bytes.length));
    assertThat(next(listener.bundles)).isEqualTo(b);
    assertThat(peer.closedByPeer()).isTrue();
  }

  @Test
  void aNewTransferInAnEndingSessionIsRefusedAsSessionTerminating() throws Exception {
    TcpclConvergenceLayer cl = start(config().build());
    ScriptedPeer peer = established(cl, 0);
    TcpclLink link = (TcpclLink) cl.links().get(0);
    link.terminate(SessTermReason.UNKNOWN);
    assertThat(peer.readMessage()).isEqualTo(new SessTerm(false, SessTermReason.UNKNOWN));
    peer.send(XferSegment.of(3, 0, List.of(), encoded(bundle(10, 1))));
    assertThat(peer.readMessage())
        .isEqualTo(new XferRefuse(XferRefuseReason.SESSION_TERMINATING, 0));
    assertThat(link.sendEncoded(encoded(bundle(10, 2))).toCompletableFuture().get())
        .isInstanceOf(SendResult.Refused.class);
  }

  /** After a misbehaving peer, a well-behaved one still gets a session and a bundle through. */
  private void assertNodeStillWorks(TcpclConvergenceLayer cl) throws Exception {
    try (ScriptedPeer good = ScriptedPeer.connect(cl.localAddress().orElseThrow())) {
      good.handshakeAsActive("ipn:3.0", 0);
      Bundle b = bundle(50, 99);
      good.send(XferSegment.of(3, 0, List.of(), encoded(b)));
      assertThat(good.readMessage()).isEqualTo(new XferAck(3, 0, encoded(b).length));
      assertThat(next(listener.bundles)).isEqualTo(b);
    }
  }
}
