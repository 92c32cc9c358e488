package org.starlane.cl.sim;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.eid.EndpointId;

/**
 * The carrier of the simulated RF link in real time, between processes: each frame that reaches its
 * receiver (after serialization, light time, loss and bit errors applied by the sending {@link
 * SimulatedLink} on a real-time scheduler) travels as one UDP datagram on loopback, and the
 * receiving process's carrier hands it to its {@link SimulatedConvergenceLayer}, which decodes it
 * like any other frame. The datagram is the frame and nothing else; the sender is known by its
 * address, as in the UDP convergence layer (RFC 7122 §3.2). Loopback adds microseconds, not the
 * milliseconds the channel model works in.
 *
 * <pre>
 *   process A: agent → SimulatedLink (rate, light time, loss, bit errors) → UDP datagram ─┐
 *   process B: agent ← SimulatedConvergenceLayer.receiveFrame ← UdpFrameCarrier ←─────────┘
 * </pre>
 *
 * <p>A frame longer than a UDP datagram can hold (65,507 octets) cannot be carried: it is dropped
 * and counted; give the {@link RadioChannel} a {@link RadioChannel#maxFrameBytes} so that the agent
 * fragments.
 *
 * <p>Thread-safe; its I/O runs on its own Netty event loop, and received frames hop onto the
 * layer's scheduler.
 */
public final class UdpFrameCarrier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpFrameCarrier.class);

  /** The largest UDP payload in an IPv4 datagram. */
  public static final int MAX_FRAME_BYTES = 65_507;

  private final SimulatedConvergenceLayer receiver;
  private final EventLoopGroup group;
  private final Channel channel;
  private final Map<InetSocketAddress, EndpointId> peers = new ConcurrentHashMap<>();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong framesTooLarge = new AtomicLong();
  private final AtomicLong unknownSenderFrames = new AtomicLong();

  private UdpFrameCarrier(InetSocketAddress local, SimulatedConvergenceLayer receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("sim-udp", true), NioIoHandler.newFactory());
    try {
      this.channel =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .option(ChannelOption.SO_RCVBUF, 4 << 20)
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_FRAME_BYTES))
              .handler(new Inbound())
              .bind(local)
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Binds a carrier to {@code local} (port 0 for an ephemeral port) that hands received frames to
   * {@code receiver}.
   */
  public static UdpFrameCarrier bind(InetSocketAddress local, SimulatedConvergenceLayer receiver) {
    return new UdpFrameCarrier(local, receiver);
  }

  /** The bound address. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * Declares the peer node {@code peer} at {@code address}: datagrams from there are its frames,
   * and the returned sink sends frames there (for {@link SimulatedConvergenceLayer#addLink}).
   */
  public FrameSink peer(EndpointId peer, InetSocketAddress address) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(address, "address");
    if (peers.putIfAbsent(address, peer) != null) {
      throw new IllegalArgumentException(address + " is a peer already");
    }
    return frame -> send(address, frame);
  }

  private void send(InetSocketAddress to, byte[] frame) {
    if (frame.length > MAX_FRAME_BYTES) {
      framesTooLarge.incrementAndGet();
      LOG.warn("dropped a frame of {} octets to {}: longer than a UDP datagram", frame.length, to);
      return;
    }
    channel
        .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(frame), to))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                framesSent.incrementAndGet();
              } else {
                LOG.debug("sending a frame to {} failed", to, f.cause());
              }
            });
  }

  public long framesSent() {
    return framesSent.get();
  }

  public long framesReceived() {
    return framesReceived.get();
  }

  /** Frames too long for a datagram, dropped. */
  public long framesTooLarge() {
    return framesTooLarge.get();
  }

  /** Datagrams from addresses that are no declared peer, dropped. */
  public long unknownSenderFrames() {
    return unknownSenderFrames.get();
  }

  /** Closes the socket and stops the event loop. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      EndpointId from = peers.get(packet.sender());
      if (from == null) {
        unknownSenderFrames.incrementAndGet();
        return;
      }
      framesReceived.incrementAndGet();
      byte[] frame = ByteBufUtil.getBytes(packet.content());
      receiver.scheduler().execute(() -> receiver.receiveFrame(from, frame));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("socket error (ignored): {}", cause.toString());
    }
  }

  @Override
  public String toString() {
    return "UdpFrameCarrier[" + channel.localAddress() + "]";
  }
}
