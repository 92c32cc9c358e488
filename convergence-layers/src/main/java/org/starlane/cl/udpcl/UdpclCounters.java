package org.starlane.cl.udpcl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one {@link UdpConvergenceLayer}: what it received, sent, refused and ignored.
 * Rates are counters, not logs (house style): a peer that sprays junk datagrams shows here, not in
 * the log.
 *
 * <p>Junk is what RFC 7122 §3.2 does not allow in a datagram (exactly one bundle, or a keep-alive
 * of four zero octets, §3.4): datagrams too short to be a bundle (some stacks send a 1-byte
 * datagram when they shut down), datagrams longer than the configured maximum, and datagrams that
 * do not decode as exactly one valid bundle (RFC 9171 §4; CRC checked).
 *
 * <p>Thread-safe: written on the event loop, readable from any thread.
 */
public final class UdpclCounters {
  final AtomicLong datagramsReceived = new AtomicLong();
  final AtomicLong bundlesReceived = new AtomicLong();
  final AtomicLong keepAlivesReceived = new AtomicLong();
  final AtomicLong shortDatagrams = new AtomicLong();
  final AtomicLong oversizeDatagrams = new AtomicLong();
  final AtomicLong undecodableDatagrams = new AtomicLong();
  final AtomicLong unknownSenderDatagrams = new AtomicLong();
  final AtomicLong anonymousBundles = new AtomicLong();
  final AtomicLong bundlesSent = new AtomicLong();
  final AtomicLong bytesSent = new AtomicLong();
  final AtomicLong keepAlivesSent = new AtomicLong();
  final AtomicLong refusedOversize = new AtomicLong();
  final AtomicLong refusedQueueFull = new AtomicLong();
  final AtomicLong sendsFailed = new AtomicLong();
  final AtomicLong rateLimitedSends = new AtomicLong();

  UdpclCounters() {}

  /** Every datagram read from the socket, whatever it held. */
  public long datagramsReceived() {
    return datagramsReceived.get();
  }

  /** Bundles decoded and handed to the agent. */
  public long bundlesReceived() {
    return bundlesReceived.get();
  }

  /** Keep-alive datagrams (four zero octets, RFC 7122 §3.4), discarded as the RFC requires. */
  public long keepAlivesReceived() {
    return keepAlivesReceived.get();
  }

  /** Datagrams of at most four octets that are not a keep-alive (too short to be a bundle). */
  public long shortDatagrams() {
    return shortDatagrams.get();
  }

  /** Datagrams longer than the configured maximum datagram size. */
  public long oversizeDatagrams() {
    return oversizeDatagrams.get();
  }

  /** Datagrams that are not exactly one valid bundle (bad CBOR, bad CRC, bytes after it). */
  public long undecodableDatagrams() {
    return undecodableDatagrams.get();
  }

  /** Junk datagrams: short, oversize and undecodable ones together. */
  public long junkDatagrams() {
    return shortDatagrams() + oversizeDatagrams() + undecodableDatagrams();
  }

  /**
   * Datagrams from an address that is no configured peer, dropped by {@link
   * UnknownSenderPolicy#DROP}.
   */
  public long unknownSenderDatagrams() {
    return unknownSenderDatagrams.get();
  }

  /** Bundles from unknown senders handed to the agent by {@link UnknownSenderPolicy#ACCEPT}. */
  public long anonymousBundles() {
    return anonymousBundles.get();
  }

  /** Bundles the socket accepted for sending. */
  public long bundlesSent() {
    return bundlesSent.get();
  }

  /** Bytes of those bundles (UDP payload bytes). */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** Keep-alive datagrams sent. */
  public long keepAlivesSent() {
    return keepAlivesSent.get();
  }

  /** Bundles refused because their encoding exceeds the maximum datagram size. */
  public long refusedOversize() {
    return refusedOversize.get();
  }

  /** Bundles refused because the rate limiter's queue was full. */
  public long refusedQueueFull() {
    return refusedQueueFull.get();
  }

  /** Sends that the socket failed. */
  public long sendsFailed() {
    return sendsFailed.get();
  }

  /** Bundles that had to wait for the rate limiter before they could go. */
  public long rateLimitedSends() {
    return rateLimitedSends.get();
  }

  @Override
  public String toString() {
    return "UdpclCounters[received "
        + bundlesReceived()
        + " bundles in "
        + datagramsReceived()
        + " datagrams, junk "
        + junkDatagrams()
        + " (short "
        + shortDatagrams()
        + ", oversize "
        + oversizeDatagrams()
        + ", undecodable "
        + undecodableDatagrams()
        + "), keep-alives "
        + keepAlivesReceived()
        + ", unknown senders "
        + unknownSenderDatagrams()
        + "; sent "
        + bundlesSent()
        + " bundles, "
        + bytesSent()
        + " bytes, refused "
        + (refusedOversize() + refusedQueueFull())
        + ", failed "
        + sendsFailed()
        + "]";
  }
}
