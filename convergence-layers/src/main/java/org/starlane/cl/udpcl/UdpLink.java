package org.starlane.cl.udpcl;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.SendResult;

/**
 * The link of a {@link UdpConvergenceLayer} to one configured peer (RFC 7122 §3.2): a node ID and
 * the UDP address its bundles go to and come from. Each bundle is one datagram; the link's {@link
 * #maxBundleSizeBytes()} is the layer's maximum datagram size, so the Bundle Protocol Agent
 * fragments larger bundles before it offers them (RFC 9171 §5.8, RFC 7122 §3.1), and a bundle that
 * still does not fit is {@linkplain SendResult.Refused refused}.
 *
 * <p>UDP has no connection: the link is up while the convergence layer runs. The anonymous link
 * (see {@link UnknownSenderPolicy#ACCEPT}) is never up and refuses every send.
 *
 * <p>Thread-safe: {@link #send} may be called from any thread and never blocks; the work runs on
 * the layer's event loop.
 */
public final class UdpLink implements Link {
  private final UdpConvergenceLayer layer;
  private final EndpointId peerNodeId;
  private final InetSocketAddress address;
  volatile boolean up;

  /** Written and read on the event loop only: when a datagram last went to this peer. */
  long lastSentNanos;

  UdpLink(UdpConvergenceLayer layer, EndpointId peerNodeId, InetSocketAddress address) {
    this.layer = Objects.requireNonNull(layer, "layer");
    this.peerNodeId = Objects.requireNonNull(peerNodeId, "peerNodeId");
    this.address = address;
  }

  @Override
  public EndpointId peerNodeId() {
    return peerNodeId;
  }

  /** Where this link's datagrams go; null for the anonymous link. */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public boolean isUp() {
    return up;
  }

  @Override
  public OptionalLong maxBundleSizeBytes() {
    return OptionalLong.of(layer.maxDatagramSizeBytes());
  }

  @Override
  public CompletionStage<SendResult> send(Bundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    if (address == null) {
      return CompletableFuture.completedFuture(
          new SendResult.Refused("the anonymous UDP link cannot send"));
    }
    if (!up) {
      return CompletableFuture.completedFuture(new SendResult.Refused("UDP link is down"));
    }
    return layer.send(this, bundle);
  }

  @Override
  public String toString() {
    return "UdpLink[" + peerNodeId + (address == null ? " (anonymous)" : " at " + address) + "]";
  }
}
