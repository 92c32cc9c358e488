package org.starlane.cl.tcpcl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.eid.EndpointId;

/**
 * The configuration of a {@link TcpclConvergenceLayer} (RFC 9174): who this entity is, where it
 * listens and whom it connects to, what it advertises in SESS_INIT (§4.6), its TLS settings (§4.4)
 * and its timers. Build with {@link #builder}; every value is checked.
 *
 * <p>Immutable, thread-safe.
 *
 * @param nodeId this node's ID, sent in SESS_INIT
 * @param listenAddress where to accept sessions (passive entity), if anywhere; port 0 picks one
 * @param peers whom to keep sessions with (active entity), reconnecting with backoff
 * @param keepaliveSeconds the keepalive interval advertised (§5.1.1), 0 to disable; a u16
 * @param limits the decoder limits; {@code limits.maxSegmentBytes()} is the Segment MRU advertised
 * @param transferMruBytes the Transfer MRU advertised, the largest bundle accepted (finite)
 * @param sendSegmentBytes the largest segment this entity sends (less if the peer's MRU is less)
 * @param contactTimeout how long contact header, TLS and SESS_INIT exchange may take
 * @param terminationTimeout how long a terminating session may drain before it is closed
 * @param maxOutstandingTransfers how many bundles a session holds (queued or awaiting XFER_ACK)
 *     before {@link org.starlane.bp.spi.Link#send} refuses more: back-pressure to the agent
 * @param tls TLS settings; empty: CAN_TLS is 0 and sessions are plain
 * @param requireTls end sessions whose contact headers do not both set CAN_TLS ("Contact Failure",
 *     §4.3); only with {@code tls}
 * @param reconnectMin the first delay before reconnecting to a peer
 * @param reconnectMax the largest delay before reconnecting (the delay doubles up to it)
 * @param ioThreads the number of Netty event-loop threads
 * @param codec decodes received bundles, encodes sent ones
 */
public record TcpclConfig(
    EndpointId nodeId,
    Optional<InetSocketAddress> listenAddress,
    List<InetSocketAddress> peers,
    int keepaliveSeconds,
    TcpclLimits limits,
    long transferMruBytes,
    int sendSegmentBytes,
    Duration contactTimeout,
    Duration terminationTimeout,
    int maxOutstandingTransfers,
    Optional<TcpclTls> tls,
    boolean requireTls,
    Duration reconnectMin,
    Duration reconnectMax,
    int ioThreads,
    BundleCodec codec) {

  /** The largest Transfer MRU this implementation advertises: bundles are Java arrays. */
  public static final long MAX_TRANSFER_MRU_BYTES = Integer.MAX_VALUE - 64;

  public TcpclConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    if (!nodeId.isNodeId()) {
      throw new IllegalArgumentException(nodeId + " is not a node ID");
    }
    Objects.requireNonNull(listenAddress, "listenAddress");
    peers = List.copyOf(peers);
    if (keepaliveSeconds < 0 || keepaliveSeconds > 0xFFFF) {
      throw new IllegalArgumentException("keepalive " + keepaliveSeconds + " s is not a u16");
    }
    Objects.requireNonNull(limits, "limits");
    if (transferMruBytes < 1 || transferMruBytes > MAX_TRANSFER_MRU_BYTES) {
      throw new IllegalArgumentException(
          "transfer MRU " + transferMruBytes + " not in [1, " + MAX_TRANSFER_MRU_BYTES + "]");
    }
    if (sendSegmentBytes < 1) {
      throw new IllegalArgumentException("send segment size " + sendSegmentBytes + " < 1");
    }
    positive(contactTimeout, "contactTimeout");
    positive(terminationTimeout, "terminationTimeout");
    positive(reconnectMin, "reconnectMin");
    positive(reconnectMax, "reconnectMax");
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("reconnectMax < reconnectMin");
    }
    if (maxOutstandingTransfers < 1) {
      throw new IllegalArgumentException("maxOutstandingTransfers " + maxOutstandingTransfers);
    }
    Objects.requireNonNull(tls, "tls");
    if (requireTls && tls.isEmpty()) {
      throw new IllegalArgumentException("requireTls without TLS settings");
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads " + ioThreads);
    }
    Objects.requireNonNull(codec, "codec");
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " " + d + " is not positive");
    }
  }

  /** A builder with the defaults for node {@code nodeId}. */
  public static Builder builder(EndpointId nodeId) {
    return new Builder(nodeId);
  }

  /** A builder for {@link TcpclConfig}. Confined to the thread that uses it. */
  public static final class Builder {
    private final EndpointId nodeId;
    private InetSocketAddress listenAddress;
    private List<InetSocketAddress> peers = List.of();
    private int keepaliveSeconds = 60;
    private TcpclLimits limits = TcpclLimits.DEFAULT;
    private long transferMruBytes = 64L << 20;
    private int sendSegmentBytes = 1 << 20;
    private Duration contactTimeout = Duration.ofSeconds(10);
    private Duration terminationTimeout = Duration.ofSeconds(10);
    private int maxOutstandingTransfers = 8192;
    private TcpclTls tls;
    private boolean requireTls;
    private Duration reconnectMin = Duration.ofMillis(500);
    private Duration reconnectMax = Duration.ofSeconds(60);
    private int ioThreads = 1;
    private BundleCodec codec = BundleCodec.DEFAULT;

    private Builder(EndpointId nodeId) {
      this.nodeId = nodeId;
    }

    public Builder listen(InetSocketAddress value) {
      listenAddress = value;
      return this;
    }

    public Builder peers(List<InetSocketAddress> value) {
      peers = value;
      return this;
    }

    public Builder keepaliveSeconds(int value) {
      keepaliveSeconds = value;
      return this;
    }

    public Builder limits(TcpclLimits value) {
      limits = value;
      return this;
    }

    public Builder transferMruBytes(long value) {
      transferMruBytes = value;
      return this;
    }

    public Builder sendSegmentBytes(int value) {
      sendSegmentBytes = value;
      return this;
    }

    public Builder contactTimeout(Duration value) {
      contactTimeout = value;
      return this;
    }

    public Builder terminationTimeout(Duration value) {
      terminationTimeout = value;
      return this;
    }

    public Builder maxOutstandingTransfers(int value) {
      maxOutstandingTransfers = value;
      return this;
    }

    /** TLS settings; also requires TLS of every session unless {@link #requireTls} says no. */
    public Builder tls(TcpclTls value) {
      tls = value;
      requireTls = value != null;
      return this;
    }

    public Builder requireTls(boolean value) {
      requireTls = value;
      return this;
    }

    public Builder reconnect(Duration min, Duration max) {
      reconnectMin = min;
      reconnectMax = max;
      return this;
    }

    public Builder ioThreads(int value) {
      ioThreads = value;
      return this;
    }

    public Builder codec(BundleCodec value) {
      codec = value;
      return this;
    }

    public TcpclConfig build() {
      return new TcpclConfig(
          nodeId,
          Optional.ofNullable(listenAddress),
          peers,
          keepaliveSeconds,
          limits,
          transferMruBytes,
          sendSegmentBytes,
          contactTimeout,
          terminationTimeout,
          maxOutstandingTransfers,
          Optional.ofNullable(tls),
          requireTls,
          reconnectMin,
          reconnectMax,
          ioThreads,
          codec);
    }
  }
}
