package org.starlane.cl.tcpcl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.DtnException;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.SendResult;
import org.starlane.bpsec.tls.PeerAuthentication;
import org.starlane.cl.tcpcl.TcpclMessage.Keepalive;
import org.starlane.cl.tcpcl.TcpclMessage.MsgReject;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;
import org.starlane.cl.tcpcl.TcpclMessage.SessTerm;
import org.starlane.cl.tcpcl.TcpclMessage.XferAck;
import org.starlane.cl.tcpcl.TcpclMessage.XferRefuse;
import org.starlane.cl.tcpcl.TcpclMessage.XferSegment;

/**
 * One TCPCLv4 session (RFC 9174 §3.3), the last handler of its channel's pipeline: contact header
 * exchange and validation (§4.2, §4.3), TLS (§4.4), SESS_INIT exchange and parameter negotiation
 * (§4.6–§4.8), bundle transfers in both directions (§5.2), keepalive and idle timeout (§5.1.1),
 * message rejection (§5.1.2) and termination with draining of transfers in progress (§6).
 *
 * <p>Outgoing bundles are segmented by the peer's Segment MRU (and {@link
 * TcpclConfig#sendSegmentBytes}); transfers are sent back to back without waiting for XFER_ACKs
 * (pipelining, §5.2.3), for as long as the channel is writable (back-pressure). A transfer's
 * outcome is known when the XFER_ACK covering its whole length arrives, or its XFER_REFUSE, or the
 * connection drops (a failure with the highest length acknowledged, for reactive fragmentation,
 * §3.2). Transfer IDs start at 0 (§5.2.1).
 *
 * <p>Incoming transfers are reassembled from the segments actually received, bounded by this
 * entity's Transfer MRU; no buffer is ever sized from a number the peer sent. A whole transfer that
 * does not decode as a bundle ({@link org.starlane.bp.bundle.BundleCodec}) is refused with "Not
 * Acceptable" instead of the final XFER_ACK (§5.2.4: a refusal "after the bundle header or any
 * bundle data is inspected ... and determined to be unacceptable"). When the connection drops in
 * the middle of an incoming transfer, its whole segments go to the owner as a prefix.
 *
 * <p>Confined to its channel's event loop, except {@link #submit}, which any thread may call.
 */
final class TcpclSession extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TcpclSession.class);

  /** Segments up to this size are copied into their header's buffer (one write, not two). */
  private static final int COPY_THRESHOLD = 2048;

  /** Initial size of the buffer that small outgoing messages are appended to. */
  private static final int CONTROL_BUFFER_BYTES = 4096;

  /** What a session tells its convergence layer. Called on the session's event loop. */
  interface Owner {
    /** The session is established (SESS_INIT negotiated): its link is up. */
    void established(TcpclSession session);

    /** The session ended or started to terminate: its link is down. Called once. */
    void linkDown(TcpclSession session);

    /** The channel closed. */
    void closed(TcpclSession session, boolean wasEstablished);

    /**
     * A whole bundle arrived. The session sends the transfer's final XFER_ACK only once the
     * returned stage completes with {@link ReceiveResult.Accepted} or {@link
     * ReceiveResult.Duplicate} (the node holds the bundle: docs/storage.md), and XFER_REFUSE "No
     * Resources" for {@link ReceiveResult.Refused}.
     */
    CompletionStage<ReceiveResult> bundleReceived(TcpclSession session, Bundle bundle);

    /**
     * The connection dropped in the middle of an incoming transfer: {@code prefix} holds the octets
     * of it that arrived (for reactive fragmentation, RFC 9174 §3.2). The owner takes the array.
     */
    void bundlePrefixReceived(TcpclSession session, byte[] prefix);
  }

  /** Session states (§3.3, Figure 4). */
  enum State {
    CONTACT,
    TLS_HANDSHAKE,
    SESS_INIT,
    ESTABLISHED,
    ENDING,
    CLOSED
  }

  /** A bundle to send. */
  static final class Outgoing {
    final byte[] data;
    final CompletableFuture<SendResult> result = new CompletableFuture<>();
    long transferId;
    int offset;
    boolean started;

    /** The highest acknowledged length of the transfer's XFER_ACKs (§5.2.3: cumulative). */
    long acknowledgedBytes;

    Outgoing(byte[] data) {
      this.data = data;
    }
  }

  /** A bundle being received. */
  private static final class Incoming {
    final long transferId;
    List<byte[]> parts = new ArrayList<>(1);
    long receivedBytes;
    long declaredBytes = -1;
    boolean ended;
    XferRefuseReason refused;

    Incoming(long transferId) {
      this.transferId = transferId;
    }
  }

  /**
   * Copies inbound octets from direct buffers into heap ones ahead of the JDK's SSLEngine, which
   * works on {@code byte[]} (its AES-GCM on direct buffers is a slower path). Thread-safe
   * (stateless).
   */
  @io.netty.channel.ChannelHandler.Sharable
  static final class HeapInbound extends ChannelInboundHandlerAdapter {
    static final HeapInbound INSTANCE = new HeapInbound();

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
      if (msg instanceof ByteBuf in && in.isDirect()) {
        ByteBuf heap;
        try {
          heap = context.alloc().heapBuffer(in.readableBytes());
          heap.writeBytes(in);
        } finally {
          in.release();
        }
        context.fireChannelRead(heap);
      } else {
        context.fireChannelRead(msg);
      }
    }
  }

  private final TcpclConfig config;
  private final boolean active;
  private final Owner owner;
  private final Optional<String> dnsName;

  // thread-safe part
  private final Queue<Outgoing> submissions = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicInteger outstanding = new AtomicInteger();

  /**
   * Whether a flush task is pending; confined to the event loop, like every call of scheduleFlush.
   */
  private boolean flushScheduled;

  private volatile boolean up;
  private volatile EndpointId peerNodeId;
  private volatile long peerTransferMruBytes;
  private volatile Channel channel;

  // confined to the event loop
  private ChannelHandlerContext ctx;
  private State state = State.CONTACT;
  private boolean contactSent;
  private boolean tls;
  private X509Certificate peerCertificate;
  private boolean sentSessTerm;
  private boolean receivedSessTerm;
  private SessTermReason termReason;
  private boolean linkDownReported;
  private boolean wasEstablished;
  private int keepaliveSeconds;
  private int sendSegmentBytes;
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private final Map<Long, Outgoing> awaitingAck = new LinkedHashMap<>();
  private Outgoing current;
  private long nextTransferId;
  private boolean transferIdsExhausted;
  private Incoming incoming;
  private ByteBuf control;
  private ScheduledFuture<?> contactTimer;
  private ScheduledFuture<?> terminationTimer;

  /**
   * A session as the active entity (connected to {@code dnsName}, if it was a DNS name) or the
   * passive one.
   */
  TcpclSession(TcpclConfig config, boolean active, Optional<String> dnsName, Owner owner) {
    this.config = config;
    this.active = active;
    this.dnsName = dnsName;
    this.owner = owner;
  }

  // ---------------------------------------------------------------------------------------------
  // What the link and the convergence layer see (any thread)

  boolean isUp() {
    return up;
  }

  boolean isActive() {
    return active;
  }

  EndpointId peerNodeId() {
    return peerNodeId;
  }

  OptionalLong maxBundleSizeBytes() {
    long mru = peerTransferMruBytes;
    return mru > 0 ? OptionalLong.of(mru) : OptionalLong.empty();
  }

  Channel channel() {
    return channel;
  }

  /**
   * Queues {@code encoded} (an encoded bundle) for sending; the returned stage completes with the
   * outcome.
   */
  CompletableFuture<SendResult> submit(byte[] encoded) {
    if (!up) {
      return CompletableFuture.completedFuture(new SendResult.Refused("session is not up"));
    }
    long mru = peerTransferMruBytes;
    if (encoded.length > mru) {
      return CompletableFuture.completedFuture(
          new SendResult.Refused(
              "bundle of " + encoded.length + " octets exceeds the peer's transfer MRU " + mru));
    }
    if (outstanding.incrementAndGet() > config.maxOutstandingTransfers()) {
      outstanding.decrementAndGet();
      return CompletableFuture.completedFuture(
          new SendResult.Refused(
              "session send queue full (" + config.maxOutstandingTransfers() + " transfers)"));
    }
    Outgoing o = new Outgoing(encoded);
    o.result.whenComplete((r, t) -> outstanding.decrementAndGet());
    submissions.add(o);
    if (drainScheduled.compareAndSet(false, true)) {
      Channel ch = channel;
      if (ch == null) {
        drainScheduled.set(false);
        o.result.complete(new SendResult.Refused("session has no channel"));
      } else {
        ch.eventLoop().execute(this::drainSubmissions);
      }
    }
    return o.result;
  }

  /** Starts terminating the session with {@code reason} (§6.1); any thread. */
  void terminate(SessTermReason reason) {
    Channel ch = channel;
    if (ch != null) {
      ch.eventLoop().execute(() -> terminateNow(reason));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Channel events

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    this.channel = context.channel();
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    contactTimer =
        context
            .executor()
            .schedule(
                this::contactTimedOut, config.contactTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (active) {
      sendContactHeader();
      flush();
    }
    context.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    try {
      if (state == State.CLOSED) {
        return;
      }
      if (msg instanceof ContactHeader header) {
        onContactHeader(header);
      } else if (msg instanceof TcpclMessage message) {
        onMessage(message);
      }
    } catch (TcpclException e) {
      fault(e);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (context.channel().isWritable()) {
      pump();
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent handshake) {
      onHandshake(handshake);
    } else if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        LOG.info(
            "session with {}: nothing received for {} s, terminating",
            peerNodeId,
            2 * keepaliveSeconds);
        terminateNow(SessTermReason.IDLE_TIMEOUT);
      } else if (idle.state() == IdleState.WRITER_IDLE && state.compareTo(State.CLOSED) < 0) {
        write(Keepalive.INSTANCE);
        flush();
      }
    } else {
      context.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof TcpclException e) {
      fault(e);
    } else {
      LOG.warn("session with {}: {}, closing", describePeer(), c.toString());
      context.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    State previous = state;
    state = State.CLOSED;
    up = false;
    cancel(contactTimer);
    cancel(terminationTimer);
    if (control != null) {
      control.release();
      control = null;
    }
    ClosedChannelException closed = new ClosedChannelException();
    if (current != null && !awaitingAck.containsKey(current.transferId)) {
      current.result.complete(new SendResult.Failed(closed, current.acknowledgedBytes));
    }
    current = null;
    for (Outgoing o : awaitingAck.values()) {
      // what the peer acknowledged so far: an agent may send only the rest (RFC 9174 §3.2)
      o.result.complete(new SendResult.Failed(closed, o.acknowledgedBytes));
    }
    awaitingAck.clear();
    failQueued("session closed");
    handOverReceivedPrefix();
    if (wasEstablished) {
      reportLinkDown();
    }
    LOG.info("session with {} closed (was {})", describePeer(), previous);
    owner.closed(this, wasEstablished);
    context.fireChannelInactive();
  }

  // ---------------------------------------------------------------------------------------------
  // Contact header, TLS, SESS_INIT (§4.2–§4.7)

  private void sendContactHeader() {
    ByteBuf buf = ctx.alloc().buffer(ContactHeader.LENGTH);
    ContactHeader.v4(config.tls().isPresent()).writeTo(buf);
    pushControl();
    ctx.write(buf);
    contactSent = true;
  }

  private void onContactHeader(ContactHeader peer) {
    if (!active) {
      sendContactHeader();
    }
    if (peer.version() != ContactHeader.VERSION_4) {
      if (active) {
        throw TcpclException.closeConnection(
            "peer answered with TCPCL version " + peer.version() + ", not 4");
      }
      throw TcpclException.terminate(
          SessTermReason.VERSION_MISMATCH, "peer speaks TCPCL version " + peer.version());
    }
    tls = config.tls().isPresent() && peer.canTls();
    ChannelHandlerContext contact = ctx.pipeline().context(ContactHeaderDecoder.class);
    String after = contact.name();
    if (tls) {
      TcpclTls settings = config.tls().orElseThrow();
      SslHandler ssl;
      if (active) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        ssl =
            dnsName.isPresent()
                ? settings.clientContext().newHandler(ctx.alloc(), dnsName.get(), remote.getPort())
                : settings.clientContext().newHandler(ctx.alloc());
      } else {
        ssl = settings.serverContext().newHandler(ctx.alloc());
      }
      // the JDK's SSLEngine decrypts heap buffers much faster than direct ones (AES-GCM on byte[])
      ctx.pipeline().addAfter(after, "tls-heap", HeapInbound.INSTANCE);
      ctx.pipeline().addAfter("tls-heap", "tls", ssl);
      after = "tls";
      state = State.TLS_HANDSHAKE;
    }
    ctx.pipeline().addAfter(after, "messages", new TcpclMessageDecoder(config.limits()));
    ctx.pipeline().remove(contact.handler());
    if (!tls && config.requireTls()) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE,
          "TLS is required, and the peer's contact header "
              + (peer.canTls() ? "sets" : "does not set")
              + " CAN_TLS");
    }
    if (!tls) {
      contactNegotiated();
    }
  }

  private void onHandshake(SslHandshakeCompletionEvent event) {
    if (!event.isSuccess()) {
      LOG.warn(
          "session with {}: TLS handshake failed: {}", describePeer(), event.cause().toString());
      ctx.close();
      return;
    }
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      peerCertificate = (X509Certificate) chain[0];
    } catch (SSLPeerUnverifiedException e) {
      fault(
          TcpclException.terminate(
              SessTermReason.CONTACT_FAILURE, "peer presented no certificate"));
      return;
    }
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    PeerAuthentication auth =
        config
            .tls()
            .orElseThrow()
            .policy()
            .authenticateNetwork(
                peerCertificate, active ? dnsName : Optional.empty(), remote.getAddress());
    if (auth instanceof PeerAuthentication.Rejected rejected) {
      fault(TcpclException.terminate(SessTermReason.CONTACT_FAILURE, rejected.reason()));
      return;
    }
    LOG.debug(
        "session with {}: TLS {} established",
        describePeer(),
        ssl.engine().getSession().getProtocol());
    contactNegotiated();
  }

  private void contactNegotiated() {
    state = State.SESS_INIT;
    if (active) {
      sendSessInit();
      flush();
    }
  }

  private void sendSessInit() {
    write(
        new SessInit(
            config.keepaliveSeconds(),
            config.limits().maxSegmentBytes(),
            config.transferMruBytes(),
            config.nodeId().toString(),
            List.of()));
  }

  private void onSessInit(SessInit init) {
    if (state != State.SESS_INIT) {
      throw TcpclException.reject(
          MsgRejectReason.MESSAGE_UNEXPECTED,
          MessageType.SESS_INIT.code(),
          state.compareTo(State.SESS_INIT) < 0 ? SessTermReason.CONTACT_FAILURE : null,
          "SESS_INIT in state " + state);
    }
    EndpointId nodeId;
    try {
      nodeId = EndpointId.parse(init.nodeId());
    } catch (DtnException | IllegalArgumentException e) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE,
          "peer node ID '" + init.nodeId() + "' is not an endpoint ID: " + e.getMessage());
    }
    if (!nodeId.isNodeId()) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE, "peer node ID " + nodeId + " is not a node ID");
    }
    if (tls) {
      PeerAuthentication auth =
          config.tls().orElseThrow().policy().authenticateNodeId(peerCertificate, nodeId);
      if (auth instanceof PeerAuthentication.Rejected rejected) {
        throw TcpclException.terminate(SessTermReason.CONTACT_FAILURE, rejected.reason());
      }
    }
    for (ExtensionItem item : init.extensions()) {
      if (item.critical()) {
        throw TcpclException.terminate(
            SessTermReason.CONTACT_FAILURE,
            "unknown critical session extension item type " + item.type());
      }
    }
    if (init.segmentMruBytes() == 0 || init.transferMruBytes() == 0) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE,
          "peer segment MRU "
              + Long.toUnsignedString(init.segmentMruBytes())
              + " / transfer MRU "
              + Long.toUnsignedString(init.transferMruBytes())
              + " unacceptable");
    }
    // §4.7: MTUs are the peer's MRUs, clamped to what a Java array can hold
    long segmentMtu = clamp(init.segmentMruBytes());
    sendSegmentBytes = (int) Math.min(segmentMtu, config.sendSegmentBytes());
    peerTransferMruBytes = clamp(init.transferMruBytes());
    keepaliveSeconds = Math.min(config.keepaliveSeconds(), init.keepaliveSeconds());
    peerNodeId = nodeId;
    if (!active) {
      sendSessInit();
    }
    cancel(contactTimer);
    state = State.ESTABLISHED;
    wasEstablished = true;
    if (keepaliveSeconds > 0) {
      ctx.pipeline()
          .addBefore(
              ctx.name(),
              "idle",
              new IdleStateHandler(
                  true, 2L * keepaliveSeconds, keepaliveSeconds, 0, TimeUnit.SECONDS));
    }
    LOG.info(
        "session with {} at {} established ({}, keepalive {} s, segment MTU {}, transfer MTU {})",
        peerNodeId,
        ctx.channel().remoteAddress(),
        tls ? "TLS" : "plain",
        keepaliveSeconds,
        sendSegmentBytes,
        peerTransferMruBytes);
    up = true;
    owner.established(this);
    pump();
  }

  private static long clamp(long unsignedMru) {
    return unsignedMru < 0 || unsignedMru > TcpclConfig.MAX_TRANSFER_MRU_BYTES
        ? TcpclConfig.MAX_TRANSFER_MRU_BYTES
        : unsignedMru;
  }

  private void contactTimedOut() {
    if (state.compareTo(State.ESTABLISHED) < 0) {
      fault(
          TcpclException.terminate(
              SessTermReason.CONTACT_FAILURE,
              "session not established within " + config.contactTimeout()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Messages of an established session

  private void onMessage(TcpclMessage message) {
    if (message instanceof XferSegment s) {
      onSegment(s);
    } else if (message instanceof XferAck a) {
      onAck(a);
    } else if (message instanceof XferRefuse r) {
      onRefuse(r);
    } else if (message instanceof SessInit init) {
      onSessInit(init);
    } else if (message instanceof SessTerm t) {
      onSessTerm(t);
    } else if (message instanceof MsgReject r) {
      LOG.warn(
          "session with {}: peer rejected our message type 0x{}: reason {}",
          describePeer(),
          Integer.toHexString(r.rejectedMessageType()),
          r.reason().map(Enum::name).orElse(Integer.toString(r.reasonCode())));
    }
    // KEEPALIVE: receiving it is all it takes (the idle handler saw the read)
  }

  private void requireEstablished(MessageType type) {
    if (state.compareTo(State.ESTABLISHED) < 0) {
      throw TcpclException.reject(
          MsgRejectReason.MESSAGE_UNEXPECTED,
          type.code(),
          SessTermReason.CONTACT_FAILURE,
          type + " before the session was established (state " + state + ")");
    }
  }

  private void reject(MsgRejectReason reason, MessageType type, String why) {
    LOG.warn("session with {}: rejecting {}: {}", describePeer(), type, why);
    write(MsgReject.of(reason, type.code()));
  }

  private void onSegment(XferSegment s) {
    requireEstablished(MessageType.XFER_SEGMENT);
    if (s.isStart()) {
      if (incoming != null && !incoming.ended && incoming.refused == null) {
        reject(
            MsgRejectReason.MESSAGE_UNEXPECTED,
            MessageType.XFER_SEGMENT,
            "START of transfer "
                + Long.toUnsignedString(s.transferId())
                + " before the END of transfer "
                + Long.toUnsignedString(incoming.transferId)
                + ", which is dropped");
      }
      incoming = new Incoming(s.transferId());
      if (state == State.ENDING) {
        refuse(XferRefuseReason.SESSION_TERMINATING);
        return;
      }
      for (ExtensionItem item : s.extensions()) {
        if (item.type() == ExtensionItem.TRANSFER_LENGTH) {
          long total = item.valueAsU64OrMinusOne();
          if (incoming.declaredBytes >= 0 || item.value().length != 8) {
            refuse(XferRefuseReason.NOT_ACCEPTABLE);
            return;
          }
          if (total < 0 || total > config.transferMruBytes()) {
            refuse(XferRefuseReason.NO_RESOURCES);
            return;
          }
          incoming.declaredBytes = total;
        } else if (item.critical()) {
          refuse(XferRefuseReason.EXTENSION_FAILURE);
          return;
        }
      }
    } else if (incoming == null || incoming.transferId != s.transferId() || incoming.ended) {
      reject(
          MsgRejectReason.MESSAGE_UNEXPECTED,
          MessageType.XFER_SEGMENT,
          "segment of transfer " + Long.toUnsignedString(s.transferId()) + " without START");
      return;
    }
    if (incoming.refused != null) {
      // §5.2.4: later segments of a refused transfer are refused too
      write(new XferRefuse(incoming.refused, incoming.transferId));
      return;
    }
    if (incoming.receivedBytes + s.dataLength() > config.transferMruBytes()) {
      refuse(XferRefuseReason.NO_RESOURCES);
      return;
    }
    incoming.parts.add(s.dataArray());
    incoming.receivedBytes += s.dataLength();
    if (!s.isEnd()) {
      write(new XferAck(s.flags(), s.transferId(), incoming.receivedBytes));
      return;
    }
    incoming.ended = true;
    if (incoming.declaredBytes >= 0 && incoming.declaredBytes != incoming.receivedBytes) {
      refuse(XferRefuseReason.NOT_ACCEPTABLE);
      return;
    }
    byte[] whole = concatenate(incoming.parts, (int) incoming.receivedBytes);
    incoming.parts = null;
    Bundle bundle;
    try {
      bundle = config.codec().decode(whole);
    } catch (DtnException e) {
      LOG.warn(
          "session with {}: transfer {} is not a valid bundle, refused: {}",
          describePeer(),
          Long.toUnsignedString(s.transferId()),
          e.getMessage());
      refuse(XferRefuseReason.NOT_ACCEPTABLE);
      return;
    }
    // §5.2.3: the final acknowledgement waits until the agent has taken the bundle (stored it
    // durably), so that an acknowledged bundle survives a crash of this node
    XferAck finalAck = new XferAck(s.flags(), s.transferId(), incoming.receivedBytes);
    answersPending++;
    owner
        .bundleReceived(this, bundle)
        .whenComplete(
            (result, fault) -> {
              if (ctx.executor().inEventLoop()) {
                answer(finalAck, result, fault);
                scheduleFlush();
              } else {
                ctx.executor()
                    .execute(
                        () -> {
                          answer(finalAck, result, fault);
                          scheduleFlush();
                        });
              }
            });
  }

  /**
   * Flushes once after the answers queued so far on the event loop (one write for a batch of
   * XFER_ACKs, not one per bundle). Called on the event loop only, after the answer was written: a
   * flush task still pending then runs after this task, so it carries the answer out. (Called from
   * another thread, a pending flush task queued before the answer's task would run first and leave
   * the answer unflushed.)
   */
  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.executor()
          .execute(
              () -> {
                flushScheduled = false;
                flush();
              });
    }
  }

  /** Sends the agent's answer for a received bundle: the final XFER_ACK, or XFER_REFUSE. */
  private void answer(XferAck finalAck, ReceiveResult result, Throwable fault) {
    answersPending--;
    if (state == State.CLOSED) {
      return; // the peer will send the bundle again in another session
    }
    if (fault == null
        && (result instanceof ReceiveResult.Accepted
            || result instanceof ReceiveResult.Duplicate)) {
      write(finalAck);
    } else {
      LOG.debug(
          "session with {}: transfer {} refused by the agent: {}",
          describePeer(),
          Long.toUnsignedString(finalAck.transferId()),
          fault != null ? fault : result);
      write(new XferRefuse(XferRefuseReason.NO_RESOURCES, finalAck.transferId()));
    }
    maybeClose();
  }

  /**
   * The connection dropped in the middle of an incoming transfer: the octets that arrived go to the
   * owner, which may keep them as a fragment (reactive fragmentation, RFC 9174 §3.2, RFC 9171
   * §5.8). Segments the decoder had not read whole are not among them.
   */
  private void handOverReceivedPrefix() {
    Incoming in = incoming;
    incoming = null;
    if (in == null || in.ended || in.refused != null || in.parts == null || in.receivedBytes == 0) {
      return;
    }
    LOG.debug(
        "session with {}: transfer {} cut after {} octets",
        describePeer(),
        Long.toUnsignedString(in.transferId),
        in.receivedBytes);
    owner.bundlePrefixReceived(this, concatenate(in.parts, (int) in.receivedBytes));
  }

  private static byte[] concatenate(List<byte[]> parts, int length) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    byte[] whole = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, whole, at, p.length);
      at += p.length;
    }
    return whole;
  }

  private void refuse(XferRefuseReason reason) {
    LOG.debug(
        "session with {}: refusing transfer {}: {}",
        describePeer(),
        Long.toUnsignedString(incoming.transferId),
        reason);
    incoming.refused = reason;
    incoming.parts = null;
    write(new XferRefuse(reason, incoming.transferId));
    maybeClose();
  }

  private void onAck(XferAck ack) {
    requireEstablished(MessageType.XFER_ACK);
    Outgoing o = awaitingAck.get(ack.transferId());
    if (o == null || Long.compareUnsigned(ack.acknowledgedLengthBytes(), o.data.length) > 0) {
      reject(
          MsgRejectReason.MESSAGE_UNEXPECTED,
          MessageType.XFER_ACK,
          "XFER_ACK of unknown transfer "
              + Long.toUnsignedString(ack.transferId())
              + " or length "
              + Long.toUnsignedString(ack.acknowledgedLengthBytes()));
      return;
    }
    o.acknowledgedBytes = Math.max(o.acknowledgedBytes, ack.acknowledgedLengthBytes());
    if ((ack.flags() & XferSegment.END) != 0 && ack.acknowledgedLengthBytes() == o.data.length) {
      awaitingAck.remove(ack.transferId());
      o.result.complete(SendResult.SENT);
      maybeClose();
    }
  }

  private void onRefuse(XferRefuse refuse) {
    requireEstablished(MessageType.XFER_REFUSE);
    Outgoing o = awaitingAck.remove(refuse.transferId());
    if (o == null) {
      reject(
          MsgRejectReason.MESSAGE_UNEXPECTED,
          MessageType.XFER_REFUSE,
          "XFER_REFUSE of unknown transfer " + Long.toUnsignedString(refuse.transferId()));
      return;
    }
    if (o == current) {
      current = null; // §5.2.4: no further segments of a refused transfer
    }
    o.result.complete(
        refuse.reason() == XferRefuseReason.COMPLETED
            ? SendResult.SENT
            : new SendResult.Refused("peer refused the transfer: " + refuse.reason()));
    maybeClose();
    pump();
  }

  private void onSessTerm(SessTerm term) {
    LOG.info(
        "session with {}: peer {} termination: {}",
        describePeer(),
        term.reply() ? "acknowledged our" : "requests",
        term.reason());
    receivedSessTerm = true;
    if (!sentSessTerm && contactSent) {
      write(new SessTerm(true, term.reason()));
      sentSessTerm = true;
      termReason = term.reason();
    }
    if (state.compareTo(State.ESTABLISHED) < 0) {
      pushControl();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    enterEnding();
    maybeClose();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  private void drainSubmissions() {
    drainScheduled.set(false);
    Outgoing o;
    while ((o = submissions.poll()) != null) {
      if (state == State.ESTABLISHED) {
        queue.add(o);
      } else {
        o.result.complete(new SendResult.Refused("session is " + state));
      }
    }
    pump();
  }

  /** Writes segments while the channel is writable (back-pressure) and there is work. */
  private void pump() {
    if (state != State.ESTABLISHED && state != State.ENDING) {
      return;
    }
    boolean wrote = false;
    Channel ch = ctx.channel();
    while (ch.isWritable()) {
      if (current == null) {
        if (state != State.ESTABLISHED || queue.isEmpty()) {
          break;
        }
        if (transferIdsExhausted) {
          terminateNow(SessTermReason.RESOURCE_EXHAUSTION);
          break;
        }
        current = queue.poll();
        current.transferId = nextTransferId++;
        transferIdsExhausted = nextTransferId == 0;
        awaitingAck.put(current.transferId, current);
      }
      writeSegment(current);
      wrote = true;
      if (current.offset == current.data.length) {
        current = null;
      }
    }
    if (wrote) {
      flush();
    }
  }

  private void writeSegment(Outgoing o) {
    int total = o.data.length;
    int length = Math.min(total - o.offset, sendSegmentBytes);
    int flags = 0;
    if (!o.started) {
      flags |= XferSegment.START;
      o.started = true;
    }
    if (o.offset + length == total) {
      flags |= XferSegment.END;
    }
    List<ExtensionItem> extensions =
        flags == XferSegment.START ? List.of(ExtensionItem.transferLength(total)) : List.of();
    boolean copy = length <= COPY_THRESHOLD;
    ByteBuf header =
        ctx.alloc().buffer(TcpclFrames.SEGMENT_HEADER_LENGTH + 17 + (copy ? length : 0));
    TcpclFrames.writeSegmentHeader(flags, o.transferId, extensions, length, header);
    pushControl();
    if (copy) {
      header.writeBytes(o.data, o.offset, length);
      ctx.write(header);
    } else {
      ctx.write(header);
      ctx.write(Unpooled.wrappedBuffer(o.data, o.offset, length));
    }
    o.offset += length;
  }

  /**
   * Appends {@code message} to the buffer of small messages (XFER_ACK, XFER_REFUSE, KEEPALIVE, ...)
   * that goes out at the next {@link #flush} or before the next other write: one buffer and one
   * write per read batch instead of one per message.
   */
  private void write(TcpclMessage message) {
    if (control == null) {
      control = ctx.alloc().buffer(CONTROL_BUFFER_BYTES);
    }
    TcpclFrames.write(message, control);
    if (control.readableBytes() >= CONTROL_BUFFER_BYTES) {
      pushControl();
    }
  }

  /** Writes out the small messages appended so far (keeps the order with other writes). */
  private void pushControl() {
    ByteBuf c = control;
    if (c != null) {
      control = null;
      ctx.write(c);
    }
  }

  private void flush() {
    pushControl();
    ctx.flush();
  }

  // ---------------------------------------------------------------------------------------------
  // Termination (§6)

  private void terminateNow(SessTermReason reason) {
    if (state == State.CLOSED) {
      return;
    }
    if (!contactSent) {
      ctx.close();
      return;
    }
    if (!sentSessTerm) {
      write(new SessTerm(false, reason));
      sentSessTerm = true;
      termReason = reason;
      flush();
    }
    if (state.compareTo(State.ESTABLISHED) < 0) {
      ctx.close();
      return;
    }
    enterEnding();
    maybeClose();
  }

  private void enterEnding() {
    if (state == State.ENDING || state == State.CLOSED) {
      return;
    }
    state = State.ENDING;
    up = false;
    failQueued("session terminating");
    reportLinkDown();
    terminationTimer =
        ctx.executor()
            .schedule(
                () -> {
                  LOG.info(
                      "session with {}: termination not done within {}, closing",
                      describePeer(),
                      config.terminationTimeout());
                  ctx.close();
                },
                config.terminationTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
  }

  /** Closes the connection once both SESS_TERMs are exchanged and no transfer is in progress. */
  /** Received bundles whose agent answer (and so whose final XFER_ACK) is still to come. */
  private int answersPending;

  private void maybeClose() {
    if (state != State.ENDING || !sentSessTerm || !receivedSessTerm) {
      return;
    }
    boolean receiving = incoming != null && !incoming.ended && incoming.refused == null;
    if (current == null && awaitingAck.isEmpty() && !receiving && answersPending == 0) {
      LOG.debug("session with {}: terminated ({})", describePeer(), termReason);
      pushControl();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void failQueued(String why) {
    for (Outgoing o : queue) {
      o.result.complete(new SendResult.Refused(why));
    }
    queue.clear();
    Outgoing o;
    while ((o = submissions.poll()) != null) {
      o.result.complete(new SendResult.Refused(why));
    }
  }

  private void reportLinkDown() {
    if (!linkDownReported && wasEstablished) {
      linkDownReported = true;
      owner.linkDown(this);
    }
  }

  /** The answer to a protocol fault: MSG_REJECT and/or SESS_TERM as it says, then close. */
  private void fault(TcpclException e) {
    if (state == State.CLOSED) {
      return;
    }
    LOG.warn("session with {}: {}", describePeer(), e.getMessage());
    if (contactSent) {
      e.rejectReason().ifPresent(r -> write(new MsgReject(r.code(), e.rejectedMessageType())));
      if (e.sessTermReason().isPresent() && !sentSessTerm) {
        write(new SessTerm(false, e.sessTermReason().get()));
        sentSessTerm = true;
        termReason = e.sessTermReason().get();
      }
    }
    state = State.ENDING;
    up = false;
    pushControl();
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private String describePeer() {
    EndpointId id = peerNodeId;
    Channel ch = channel;
    return (id != null ? id + " " : "") + (ch != null ? String.valueOf(ch.remoteAddress()) : "");
  }
}
