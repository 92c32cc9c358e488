package org.starlane.cl.udpcl;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleFormatException;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.SendResult;

/**
 * The UDP convergence layer of RFC 7122 §3.2: every datagram carries exactly one bundle (its RFC
 * 9171 §4.1 CBOR encoding, nothing else) or a keep-alive of four zero octets (§3.4). One Netty NIO
 * datagram channel sends and receives; the IANA port is 4556/UDP (§3.2.2, the default bind port).
 *
 * <pre>
 *   IPv4 header | UDP header (8 octets, checksum on, §3.5.2) | one bundle (CBOR, RFC 9171 §4.1)
 *                                                             | or 00 00 00 00 (keep-alive, §3.4)
 * </pre>
 *
 * <p><b>Peers and links.</b> Each configured peer (a node ID and a host:port) is a {@link UdpLink},
 * up from {@link #start} to {@link #stop}. Its maximum bundle size is the configured maximum
 * datagram size (default {@value #DEFAULT_MAX_DATAGRAM_BYTES} octets: an Ethernet MTU minus the
 * IPv4 and UDP headers, so no datagram needs IP fragmentation, §3.1); the agent fragments larger
 * bundles proactively, and a bundle that still does not fit is refused.
 *
 * <p><b>Receiving.</b> A datagram is matched to a peer by its source address (a peer sends from the
 * socket it listens on), decoded with {@link BundleCodec} (CRCs checked) and handed to the agent as
 * received over that peer's link. Keep-alives are discarded (§3.4). Junk — a datagram of at most
 * four octets that is not a keep-alive (some stacks send one octet at shutdown), one longer than
 * the maximum, one that is not exactly one valid bundle — is dropped and counted in {@link
 * #counters()}, never logged above DEBUG. A datagram from an unknown address is dropped (RFC 7122
 * §5: filter by address) unless {@link UnknownSenderPolicy#ACCEPT} is configured. The receive
 * buffer is one octet more than the maximum datagram size, so an oversize datagram is recognised
 * and no buffer is sized from a peer's number.
 *
 * <p><b>Sending.</b> {@link UdpLink#send} never blocks: the bundle is encoded on the event loop
 * into a buffer that cannot grow past the maximum datagram size, and written; the send completes
 * with {@link SendResult.Sent} once the socket took the datagram (UDP gives no acknowledgement).
 * Optionally a {@link TokenBucket} paces the layer's datagrams to a rate in bytes per second;
 * datagrams that must wait queue up to a byte limit, beyond which sends are refused. Keep-alives
 * can be sent to peers that were sent nothing for a configured interval (at least 15 s, §3.4).
 *
 * <p>RFC 7122 §2 and §3.2 discourage UDP for bundles outside isolated networks (no reliability, no
 * congestion control): use TCPCL there.
 *
 * <p>Thread-safe. Its I/O is confined to one event loop, which nothing here ever blocks.
 */
public final class UdpConvergenceLayer implements ConvergenceLayer {
  private static final Logger LOG = LoggerFactory.getLogger(UdpConvergenceLayer.class);

  /** The IANA port for bundles over UDP (RFC 7122 §3.2.2, §4: "dtn-bundle"). */
  public static final int IANA_PORT = 4556;

  /** 1500-octet Ethernet MTU minus 20 octets of IPv4 header and 8 of UDP header. */
  public static final int DEFAULT_MAX_DATAGRAM_BYTES = 1472;

  /** The largest UDP payload in an IPv4 datagram: 65535 - 20 - 8. */
  public static final int MAX_DATAGRAM_BYTES = 65_507;

  /** The shortest keep-alive interval RFC 7122 §3.4 allows. */
  public static final Duration MIN_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

  /** Bytes that may wait for the rate limiter unless configured otherwise. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 4L << 20;

  private static final int KEEP_ALIVE_BYTES = 4;

  private final InetSocketAddress bindAddress;
  private final int maxDatagramSizeBytes;
  private final long rateBytesPerSecond;
  private final long burstBytes;
  private final long maxQueuedBytes;
  private final Duration keepAliveInterval;
  private final UnknownSenderPolicy unknownSenders;
  private final int receiveBufferBytes;
  private final BundleCodec codec;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Map<EndpointId, UdpLink> links = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, UdpLink> linksByAddress = new ConcurrentHashMap<>();
  private final List<UdpLink> linksInOrder = new CopyOnWriteArrayList<>();
  private final UdpLink anonymous;
  private final UdpclCounters counters = new UdpclCounters();

  private final Object lifecycle = new Object();
  private volatile Channel channel; // guarded by lifecycle for writes
  private volatile Listener listener;
  private boolean started; // guarded by lifecycle

  // Confined to the channel's event loop.
  private TokenBucket bucket;
  private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
  private long waitingBytes;
  private ScheduledFuture<?> drainTimer;
  private ScheduledFuture<?> keepAliveTimer;

  /** A datagram waiting for the rate limiter. */
  private record Outgoing(UdpLink link, ByteBuf datagram, CompletableFuture<SendResult> result) {}

  private UdpConvergenceLayer(Builder b) {
    this.bindAddress = b.bindAddress;
    this.maxDatagramSizeBytes = b.maxDatagramSizeBytes;
    this.rateBytesPerSecond = b.rateBytesPerSecond;
    this.burstBytes = b.burstBytes;
    this.maxQueuedBytes = b.maxQueuedBytes;
    this.keepAliveInterval = b.keepAliveInterval;
    this.unknownSenders = b.unknownSenders;
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.codec = b.codec;
    this.ownsGroup = b.group == null;
    this.group =
        ownsGroup
            ? new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("udpcl", true), NioIoHandler.newFactory())
            : b.group;
    b.peers.forEach(this::addPeer);
    this.anonymous = new UdpLink(this, EndpointId.NONE, null);
  }

  /** A builder; every setting has a default but the peers. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "udpcl";
  }

  /** The largest datagram (and so bundle) this layer sends or accepts, in octets. */
  public int maxDatagramSizeBytes() {
    return maxDatagramSizeBytes;
  }

  /** The counters of what was received, sent, refused and ignored. */
  public UdpclCounters counters() {
    return counters;
  }

  /** The links to the configured peers, in configuration order. */
  public List<UdpLink> links() {
    return List.copyOf(linksInOrder);
  }

  /**
   * Adds a peer at run time (or before {@link #start}): bundles for node {@code nodeId} go to
   * {@code address}, and datagrams from {@code address} are its bundles. If the layer is running,
   * the new link comes up and the agent is told.
   *
   * @throws IllegalArgumentException if {@code nodeId} is not a node ID, the address is unresolved,
   *     or either is configured already
   */
  public UdpLink addPeer(EndpointId nodeId, InetSocketAddress address) {
    Builder.checkPeer(nodeId, address);
    synchronized (lifecycle) {
      if (links.containsKey(nodeId) || linksByAddress.containsKey(address)) {
        throw new IllegalArgumentException(
            "peer " + nodeId + " at " + address + ": node ID or address configured already");
      }
      UdpLink link = new UdpLink(this, nodeId, address);
      links.put(nodeId, link);
      linksByAddress.put(address, link);
      linksInOrder.add(link);
      Listener l = listener;
      if (channel != null && l != null) {
        link.up = true;
        l.linkUp(link);
      }
      return link;
    }
  }

  /** The link to the peer with node ID {@code nodeId}, if one is configured. */
  public Optional<UdpLink> link(EndpointId nodeId) {
    return Optional.ofNullable(links.get(nodeId));
  }

  /**
   * The link that bundles from unknown senders arrive over ({@link UnknownSenderPolicy#ACCEPT}).
   */
  public UdpLink anonymousLink() {
    return anonymous;
  }

  /**
   * The address the socket is bound to (with the actual port when port 0 was asked for).
   *
   * @throws IllegalStateException if the layer is not running
   */
  public InetSocketAddress localAddress() {
    Channel ch = channel;
    if (ch == null) {
      throw new IllegalStateException("UDP convergence layer is not running");
    }
    return (InetSocketAddress) ch.localAddress();
  }

  /**
   * Binds the socket (waiting for the bind, so that {@link #localAddress()} is known when this
   * returns) and brings every peer's link up.
   *
   * @throws IllegalStateException if started already
   * @throws RuntimeException the bind's failure (for example {@link java.net.BindException})
   */
  @Override
  public void start(Listener newListener) {
    Objects.requireNonNull(newListener, "listener");
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException("UDP convergence layer started already");
      }
      started = true;
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .option(ChannelOption.SO_RCVBUF, receiveBufferBytes)
              .option(ChannelOption.SO_SNDBUF, receiveBufferBytes)
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(maxDatagramSizeBytes + 1))
              .handler(new Inbound());
      Channel ch;
      try {
        ch = bootstrap.bind(bindAddress).syncUninterruptibly().channel();
      } catch (RuntimeException e) {
        if (ownsGroup) {
          group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        throw e;
      }
      this.channel = ch;
      this.listener = newListener;
      long now = System.nanoTime();
      ch.eventLoop()
          .execute(
              () -> {
                if (rateBytesPerSecond > 0) {
                  bucket = new TokenBucket(rateBytesPerSecond, burstBytes, now);
                }
                if (keepAliveInterval != null) {
                  long period = keepAliveInterval.toNanos();
                  keepAliveTimer =
                      ch.eventLoop()
                          .scheduleAtFixedRate(
                              this::sendKeepAlives, period, period, TimeUnit.NANOSECONDS);
                }
              });
      LOG.info("{} bound to {}, {} peers", name(), ch.localAddress(), links.size());
      for (UdpLink link : linksInOrder) {
        link.up = true;
        newListener.linkUp(link);
      }
    }
  }

  /**
   * Brings every link down (reported to the agent), refuses the sends still waiting for the rate
   * limiter, closes the socket and, if the layer made its own event loop, shuts it down.
   * Idempotent.
   */
  @Override
  public void stop() {
    Channel ch;
    Listener l;
    synchronized (lifecycle) {
      ch = channel;
      l = listener;
      if (ch == null) {
        return;
      }
      channel = null;
      listener = null;
    }
    for (UdpLink link : linksInOrder) {
      if (link.up) {
        link.up = false;
        l.linkDown(link);
      }
    }
    EventLoop loop = ch.eventLoop();
    Runnable shutdown =
        () -> {
          refuseWaiting("UDP convergence layer stopped");
          if (keepAliveTimer != null) {
            keepAliveTimer.cancel(false);
          }
          ch.close();
        };
    if (loop.inEventLoop()) {
      shutdown.run();
    } else {
      try {
        loop.submit(shutdown).awaitUninterruptibly(10, TimeUnit.SECONDS);
      } catch (RejectedExecutionException e) {
        ch.close();
      }
      ch.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
    if (ownsGroup) {
      var terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      if (!loop.inEventLoop()) {
        terminated.awaitUninterruptibly(10, TimeUnit.SECONDS);
      }
    }
    LOG.info("{} stopped: {}", name(), counters);
  }

  CompletionStage<SendResult> send(UdpLink link, Bundle bundle) {
    Channel ch = channel;
    if (ch == null) {
      return CompletableFuture.completedFuture(
          new SendResult.Refused("UDP convergence layer is not running"));
    }
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    try {
      ch.eventLoop().execute(() -> transmit(ch, link, bundle, result));
    } catch (RejectedExecutionException e) {
      result.complete(new SendResult.Refused("UDP convergence layer stopped"));
    }
    return result;
  }

  /** On the event loop: encode within the datagram limit, then send now or queue for the rate. */
  private void transmit(
      Channel ch, UdpLink link, Bundle bundle, CompletableFuture<SendResult> result) {
    if (!link.up || !ch.isActive()) {
      result.complete(new SendResult.Refused("UDP link is down"));
      return;
    }
    int initial = Math.min(BundleCodec.estimateSize(bundle), maxDatagramSizeBytes);
    ByteBuf datagram = ch.alloc().directBuffer(initial, maxDatagramSizeBytes);
    try {
      codec.encode(bundle, datagram);
    } catch (IndexOutOfBoundsException tooLarge) {
      datagram.release();
      counters.refusedOversize.incrementAndGet();
      result.complete(
          new SendResult.Refused(
              "bundle "
                  + bundle.id()
                  + " exceeds the maximum datagram size of "
                  + maxDatagramSizeBytes
                  + " octets"));
      return;
    } catch (RuntimeException e) {
      datagram.release();
      throw e;
    }
    int size = datagram.readableBytes();
    if (bucket == null) {
      write(ch, link, datagram, result);
      return;
    }
    if (waiting.isEmpty() && bucket.tryTake(size, System.nanoTime())) {
      write(ch, link, datagram, result);
      return;
    }
    if (waitingBytes + size > maxQueuedBytes) {
      datagram.release();
      counters.refusedQueueFull.incrementAndGet();
      result.complete(
          new SendResult.Refused(
              "rate limit queue full: "
                  + waitingBytes
                  + " + "
                  + size
                  + " octets exceed "
                  + maxQueuedBytes));
      return;
    }
    counters.rateLimitedSends.incrementAndGet();
    waiting.add(new Outgoing(link, datagram, result));
    waitingBytes += size;
    scheduleDrain(ch);
  }

  /**
   * On the event loop: sends the waiting datagrams the bucket allows, then waits for more tokens.
   */
  private void drain(Channel ch) {
    drainTimer = null;
    if (!ch.isActive()) {
      refuseWaiting("UDP convergence layer stopped");
      return;
    }
    long now = System.nanoTime();
    Outgoing head;
    while ((head = waiting.peek()) != null
        && bucket.tryTake(head.datagram().readableBytes(), now)) {
      waiting.poll();
      waitingBytes -= head.datagram().readableBytes();
      write(ch, head.link(), head.datagram(), head.result());
    }
    scheduleDrain(ch);
  }

  private void scheduleDrain(Channel ch) {
    Outgoing head = waiting.peek();
    if (head == null || drainTimer != null) {
      return;
    }
    long wait = bucket.nanosUntil(head.datagram().readableBytes(), System.nanoTime());
    drainTimer = ch.eventLoop().schedule(() -> drain(ch), wait, TimeUnit.NANOSECONDS);
  }

  private void refuseWaiting(String reason) {
    Outgoing o;
    while ((o = waiting.poll()) != null) {
      o.datagram().release();
      o.result().complete(new SendResult.Refused(reason));
    }
    waitingBytes = 0;
    if (drainTimer != null) {
      drainTimer.cancel(false);
      drainTimer = null;
    }
  }

  private void write(
      Channel ch, UdpLink link, ByteBuf datagram, CompletableFuture<SendResult> result) {
    int size = datagram.readableBytes();
    link.lastSentNanos = System.nanoTime();
    ch.writeAndFlush(new DatagramPacket(datagram, link.address()))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                counters.bundlesSent.incrementAndGet();
                counters.bytesSent.addAndGet(size);
                result.complete(SendResult.SENT);
              } else {
                counters.sendsFailed.incrementAndGet();
                LOG.debug("{}: sending {} octets to {} failed", name(), size, link, f.cause());
                result.complete(new SendResult.Failed(f.cause()));
              }
            });
  }

  /** On the event loop: a keep-alive to each peer that was sent nothing for the interval. */
  private void sendKeepAlives() {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    long now = System.nanoTime();
    long interval = keepAliveInterval.toNanos();
    for (UdpLink link : linksInOrder) {
      if (link.up && (link.lastSentNanos == 0 || now - link.lastSentNanos >= interval)) {
        link.lastSentNanos = now;
        ByteBuf zeros = ch.alloc().directBuffer(KEEP_ALIVE_BYTES).writeInt(0);
        ch.writeAndFlush(new DatagramPacket(zeros, link.address()))
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    counters.keepAlivesSent.incrementAndGet();
                  }
                });
      }
    }
  }

  /** Classifies each datagram and hands the bundles to the agent. Confined to the event loop. */
  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      counters.datagramsReceived.incrementAndGet();
      ByteBuf content = packet.content();
      int length = content.readableBytes();
      InetSocketAddress sender = packet.sender();
      if (length == KEEP_ALIVE_BYTES && content.getInt(content.readerIndex()) == 0) {
        counters.keepAlivesReceived.incrementAndGet();
        return;
      }
      if (length <= KEEP_ALIVE_BYTES) {
        counters.shortDatagrams.incrementAndGet();
        LOG.debug("{}: ignored a datagram of {} octets from {}", name(), length, sender);
        return;
      }
      if (length > maxDatagramSizeBytes) {
        counters.oversizeDatagrams.incrementAndGet();
        LOG.debug(
            "{}: ignored a datagram from {} longer than {} octets",
            name(),
            sender,
            maxDatagramSizeBytes);
        return;
      }
      UdpLink link = linksByAddress.get(sender);
      if (link == null) {
        if (unknownSenders == UnknownSenderPolicy.DROP) {
          counters.unknownSenderDatagrams.incrementAndGet();
          LOG.debug("{}: dropped a datagram from unknown sender {}", name(), sender);
          return;
        }
        link = anonymous;
      }
      Bundle bundle;
      try {
        bundle = codec.decode(ByteBufUtil.getBytes(content));
      } catch (BundleFormatException e) {
        counters.undecodableDatagrams.incrementAndGet();
        LOG.debug(
            "{}: dropped an undecodable datagram from {}: {}", name(), sender, e.getMessage());
        return;
      }
      Listener l = listener;
      if (l == null) {
        return;
      }
      counters.bundlesReceived.incrementAndGet();
      if (link == anonymous) {
        counters.anonymousBundles.incrementAndGet();
      }
      l.bundleReceived(link, bundle);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // e.g. an ICMP port unreachable surfacing as an exception: the socket stays usable
      LOG.debug("{}: socket error (ignored): {}", name(), cause.toString());
    }
  }

  @Override
  public String toString() {
    Channel ch = channel;
    return "UdpConvergenceLayer[" + (ch == null ? bindAddress : ch.localAddress()) + "]";
  }

  /**
   * Configures a {@link UdpConvergenceLayer}. Defaults: bind to port {@value #IANA_PORT} on every
   * address, maximum datagram {@value #DEFAULT_MAX_DATAGRAM_BYTES} octets, no rate limit, no
   * keep-alives, unknown senders dropped, 4 MiB socket buffers, its own one-thread NIO event loop.
   * Not thread-safe.
   */
  public static final class Builder {
    private InetSocketAddress bindAddress = new InetSocketAddress(IANA_PORT);
    private int maxDatagramSizeBytes = DEFAULT_MAX_DATAGRAM_BYTES;
    private long rateBytesPerSecond;
    private long burstBytes;
    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private Duration keepAliveInterval;
    private UnknownSenderPolicy unknownSenders = UnknownSenderPolicy.DROP;
    private int receiveBufferBytes = 4 << 20;
    private BundleCodec codec = BundleCodec.DEFAULT;
    private EventLoopGroup group;
    private final Map<EndpointId, InetSocketAddress> peers = new LinkedHashMap<>();

    private Builder() {}

    /** The local address and port to bind (port 0: an ephemeral port). */
    public Builder bind(InetSocketAddress value) {
      this.bindAddress = Objects.requireNonNull(value, "bindAddress");
      return this;
    }

    /**
     * A peer: bundles for node {@code nodeId} go to {@code address}, and datagrams from {@code
     * address} are its bundles.
     *
     * @throws IllegalArgumentException if {@code nodeId} is not a node ID, the address is
     *     unresolved, or either is configured already
     */
    public Builder peer(EndpointId nodeId, InetSocketAddress address) {
      checkPeer(nodeId, address);
      if (peers.containsKey(nodeId) || peers.containsValue(address)) {
        throw new IllegalArgumentException(
            "peer " + nodeId + " at " + address + ": node ID or address configured already");
      }
      peers.put(nodeId, address);
      return this;
    }

    static void checkPeer(EndpointId nodeId, InetSocketAddress address) {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(address, "address");
      if (!nodeId.isNodeId()) {
        throw new IllegalArgumentException(nodeId + " is not a node ID (RFC 9171 §4.2.5.2)");
      }
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("peer address " + address + " is unresolved");
      }
    }

    /**
     * The largest datagram sent or accepted, in octets: 5 (the smallest bundle-sized datagram) to
     * {@value #MAX_DATAGRAM_BYTES}.
     */
    public Builder maxDatagramSizeBytes(int value) {
      if (value <= KEEP_ALIVE_BYTES || value > MAX_DATAGRAM_BYTES) {
        throw new IllegalArgumentException(
            "maximum datagram size "
                + value
                + " is outside "
                + (KEEP_ALIVE_BYTES + 1)
                + ".."
                + MAX_DATAGRAM_BYTES);
      }
      this.maxDatagramSizeBytes = value;
      return this;
    }

    /**
     * Paces sending to {@code bytesPerSecond} (UDP payload octets), with bursts of up to {@code
     * burstBytes}, which must hold the largest datagram.
     *
     * @throws IllegalArgumentException if a value is not positive
     */
    public Builder rateLimit(long bytesPerSecond, long burstBytes) {
      if (bytesPerSecond <= 0 || burstBytes <= 0) {
        throw new IllegalArgumentException(
            "rate " + bytesPerSecond + " bytes/s, burst " + burstBytes + " bytes: not positive");
      }
      this.rateBytesPerSecond = bytesPerSecond;
      this.burstBytes = burstBytes;
      return this;
    }

    /** How many octets may wait for the rate limiter before sends are refused. */
    public Builder maxQueuedBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maximum queued bytes " + value + " is not positive");
      }
      this.maxQueuedBytes = value;
      return this;
    }

    /**
     * Sends a keep-alive (four zero octets, RFC 7122 §3.4) to each peer that was sent nothing for
     * {@code interval}.
     *
     * @throws IllegalArgumentException if shorter than 15 s (RFC 7122 §3.4: MUST NOT)
     */
    public Builder keepAliveInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(MIN_KEEP_ALIVE_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "keep-alive interval " + interval + " is shorter than 15 s (RFC 7122 §3.4)");
      }
      this.keepAliveInterval = interval;
      return this;
    }

    public Builder unknownSenders(UnknownSenderPolicy value) {
      this.unknownSenders = Objects.requireNonNull(value, "unknownSenders");
      return this;
    }

    /** The size asked of the operating system for the socket's receive and send buffers. */
    public Builder socketBufferBytes(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("socket buffer " + value + " bytes is not positive");
      }
      this.receiveBufferBytes = value;
      return this;
    }

    public Builder codec(BundleCodec value) {
      this.codec = Objects.requireNonNull(value, "codec");
      return this;
    }

    /**
     * An event loop group to run on (shared with other channels); the layer does not shut it down.
     * Without one the layer makes its own one-thread NIO group and shuts it down at {@link
     * UdpConvergenceLayer#stop()}.
     */
    public Builder eventLoopGroup(EventLoopGroup value) {
      this.group = Objects.requireNonNull(value, "eventLoopGroup");
      return this;
    }

    /**
     * @throws IllegalArgumentException if the rate limit's burst cannot hold the largest datagram
     */
    public UdpConvergenceLayer build() {
      if (rateBytesPerSecond > 0 && burstBytes < maxDatagramSizeBytes) {
        throw new IllegalArgumentException(
            "burst "
                + burstBytes
                + " bytes cannot hold a datagram of "
                + maxDatagramSizeBytes
                + " octets");
      }
      return new UdpConvergenceLayer(this);
    }
  }
}
