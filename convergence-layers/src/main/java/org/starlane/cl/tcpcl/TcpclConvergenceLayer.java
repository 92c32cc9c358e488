package org.starlane.cl.tcpcl;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;

/**
 * The TCPCLv4 convergence layer (RFC 9174) on Netty: it accepts sessions on {@link
 * TcpclConfig#listenAddress} (passive entity), keeps sessions with {@link TcpclConfig#peers}
 * (active entity), reconnecting with exponential backoff when a session ends or a connection fails,
 * and can {@link #connect} on demand. Each established session is a {@link TcpclLink} reported to
 * the agent; bundles received on it are handed to the agent decoded.
 *
 * <p>Thread-safe: {@link #start}, {@link #stop} and {@link #connect} may be called from any thread;
 * sessions run on the layer's own event loops.
 */
public final class TcpclConvergenceLayer implements ConvergenceLayer {
  private static final Logger LOG = LoggerFactory.getLogger(TcpclConvergenceLayer.class);

  private final TcpclConfig config;
  private final Map<TcpclSession, TcpclLink> sessions = new ConcurrentHashMap<>();
  private volatile Listener listener;
  private volatile EventLoopGroup group;
  private volatile Channel serverChannel;
  private volatile boolean running;

  /** A layer with {@code config}; nothing happens before {@link #start}. */
  public TcpclConvergenceLayer(TcpclConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String name() {
    return "tcpcl";
  }

  public TcpclConfig config() {
    return config;
  }

  @Override
  public synchronized void start(Listener newListener) {
    if (listener != null) {
      throw new IllegalStateException("started already");
    }
    listener = Objects.requireNonNull(newListener, "listener");
    running = true;
    group =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(),
            new DefaultThreadFactory("tcpcl-" + config.nodeId(), true),
            NioIoHandler.newFactory());
    config
        .listenAddress()
        .ifPresent(
            address -> {
              ServerBootstrap b =
                  new ServerBootstrap()
                      .group(group)
                      .channel(NioServerSocketChannel.class)
                      .childOption(ChannelOption.TCP_NODELAY, true)
                      .childOption(
                          ChannelOption.WRITE_BUFFER_WATER_MARK,
                          new WriteBufferWaterMark(1 << 20, 4 << 20))
                      .childHandler(initializer(false, Optional.empty(), null));
              serverChannel = b.bind(address).syncUninterruptibly().channel();
              LOG.info("{}: TCPCL listening on {}", config.nodeId(), serverChannel.localAddress());
            });
    for (InetSocketAddress peer : config.peers()) {
      keepConnected(peer, config.reconnectMin());
    }
  }

  /** The address the layer listens on, once started with a listen address. */
  public Optional<InetSocketAddress> localAddress() {
    Channel ch = serverChannel;
    return ch == null ? Optional.empty() : Optional.of((InetSocketAddress) ch.localAddress());
  }

  /** The links of the sessions established now. */
  public List<Link> links() {
    List<Link> out = new ArrayList<>();
    sessions.forEach(
        (s, l) -> {
          if (s.isUp()) {
            out.add(l);
          }
        });
    return out;
  }

  /**
   * Opens one session to {@code peer} (no reconnection); the returned stage completes with its link
   * once established, or exceptionally if the connection or the negotiation fails.
   */
  public CompletableFuture<TcpclLink> connect(InetSocketAddress peer) {
    CompletableFuture<TcpclLink> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("not started"));
      return result;
    }
    bootstrap(peer, result)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
              }
            });
    return result;
  }

  private ChannelFuture bootstrap(
      InetSocketAddress peer, CompletableFuture<TcpclLink> established) {
    Optional<String> dnsName =
        peer.isUnresolved() || !peer.getHostString().equals(peer.getAddress().getHostAddress())
            ? Optional.of(peer.getHostString())
            : Optional.empty();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.contactTimeout().toMillis())
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .handler(initializer(true, dnsName, established));
    return b.connect(peer);
  }

  private void keepConnected(InetSocketAddress peer, Duration delay) {
    if (!running) {
      return;
    }
    CompletableFuture<TcpclLink> established = new CompletableFuture<>();
    bootstrap(peer, established)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                retryLater(peer, delay, "connection failed: " + f.cause());
              } else {
                f.channel()
                    .closeFuture()
                    .addListener(
                        c ->
                            retryLater(
                                peer,
                                established.isDone() && !established.isCompletedExceptionally()
                                    ? config.reconnectMin()
                                    : delay,
                                "session ended"));
              }
            });
  }

  private void retryLater(InetSocketAddress peer, Duration delay, String why) {
    EventLoopGroup g = group;
    if (!running || g == null || g.isShuttingDown()) {
      return;
    }
    LOG.debug("{}: {} with {}, reconnecting in {}", config.nodeId(), why, peer, delay);
    Duration next = delay.multipliedBy(2);
    Duration capped = next.compareTo(config.reconnectMax()) > 0 ? config.reconnectMax() : next;
    g.schedule(() -> keepConnected(peer, capped), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private ChannelInitializer<SocketChannel> initializer(
      boolean active, Optional<String> dnsName, CompletableFuture<TcpclLink> established) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        TcpclSession session = new TcpclSession(config, active, dnsName, new Owner(established));
        sessions.put(session, new TcpclLink(session, config));
        ch.pipeline().addLast("contact", new ContactHeaderDecoder());
        ch.pipeline().addLast("session", session);
      }
    };
  }

  /** Relays one session's events to the agent. */
  private final class Owner implements TcpclSession.Owner {
    private final CompletableFuture<TcpclLink> established;

    Owner(CompletableFuture<TcpclLink> established) {
      this.established = established;
    }

    @Override
    public void established(TcpclSession session) {
      TcpclLink link = sessions.get(session);
      if (established != null) {
        established.complete(link);
      }
      Listener l = listener;
      if (l != null && running) {
        l.linkUp(link);
      }
    }

    @Override
    public void linkDown(TcpclSession session) {
      Listener l = listener;
      TcpclLink link = sessions.get(session);
      if (l != null && link != null) {
        l.linkDown(link);
      }
    }

    @Override
    public void closed(TcpclSession session, boolean wasEstablished) {
      sessions.remove(session);
      if (established != null && !established.isDone()) {
        established.completeExceptionally(
            TcpclException.closeConnection("session closed before it was established"));
      }
    }

    @Override
    public CompletionStage<ReceiveResult> bundleReceived(TcpclSession session, Bundle bundle) {
      Listener l = listener;
      TcpclLink link = sessions.get(session);
      if (l != null && link != null) {
        return l.bundleReceived(link, bundle);
      }
      // stopped: nobody takes the bundle, so it is not acknowledged
      return CompletableFuture.completedFuture(
          new ReceiveResult.Refused(StatusReportReason.NO_ADDITIONAL_INFORMATION));
    }

    @Override
    public void bundlePrefixReceived(TcpclSession session, byte[] prefix) {
      Listener l = listener;
      TcpclLink link = sessions.get(session);
      if (l != null && link != null) {
        l.bundlePrefixReceived(link, prefix);
      }
    }
  }

  /**
   * Terminates every session (SESS_TERM "Unknown", draining transfers in progress for up to the
   * termination timeout), stops listening and reconnecting, and releases the event loops.
   */
  @Override
  public void stop() {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    Channel server = serverChannel;
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    for (TcpclSession s : sessions.keySet()) {
      s.terminate(SessTermReason.UNKNOWN);
      if (s.channel() != null) {
        channels.add(s.channel());
      }
    }
    if (!channels
        .newCloseFuture()
        .awaitUninterruptibly(config.terminationTimeout().toMillis() + 1000)) {
      channels.close().awaitUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    listener = null;
  }
}
