package org.starlane.cl.tcpcl;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.SendResult;

/**
 * A TCPCLv4 session seen as a convergence-layer {@link Link} (RFC 9171 §7, RFC 9174 §3.1): its peer
 * is the node ID of the peer's SESS_INIT; it is up from session establishment until the session
 * starts terminating. {@link #send} completes with {@link SendResult#SENT} when the XFER_ACK of the
 * bundle's last octet arrives (or an XFER_REFUSE "Completed"), {@link SendResult.Refused} on any
 * other XFER_REFUSE, when the session's queue is full or the bundle exceeds the peer's Transfer
 * MRU, and {@link SendResult.Failed} when the connection drops before the acknowledgement, with the
 * length the peer's XFER_ACKs acknowledged so far (RFC 9174 §5.2.3), for reactive fragmentation
 * (§3.2).
 *
 * <p>Thread-safe.
 */
public final class TcpclLink implements Link {
  private final TcpclSession session;
  private final TcpclConfig config;

  TcpclLink(TcpclSession session, TcpclConfig config) {
    this.session = session;
    this.config = config;
  }

  @Override
  public EndpointId peerNodeId() {
    return session.peerNodeId();
  }

  @Override
  public boolean isUp() {
    return session.isUp();
  }

  /** The peer's Transfer MRU (§4.7, the transfer MTU), so the agent fragments bigger bundles. */
  @Override
  public OptionalLong maxBundleSizeBytes() {
    return session.maxBundleSizeBytes();
  }

  @Override
  public CompletionStage<SendResult> send(Bundle bundle) {
    if (!session.isUp()) {
      return CompletableFuture.completedFuture(new SendResult.Refused("session is not up"));
    }
    return session.submit(config.codec().encode(bundle));
  }

  /**
   * Sends an already encoded bundle, as is (not checked, not copied: the caller must not change the
   * array afterwards); for tools, tests and benchmarks that reuse one encoding.
   */
  public CompletionStage<SendResult> sendEncoded(byte[] encodedBundle) {
    if (!session.isUp()) {
      return CompletableFuture.completedFuture(new SendResult.Refused("session is not up"));
    }
    return session.submit(encodedBundle);
  }

  /** Starts terminating the session (§6.1) with {@code reason}. */
  public void terminate(SessTermReason reason) {
    session.terminate(reason);
  }

  /** Whether this entity opened the TCP connection. */
  public boolean isActiveEntity() {
    return session.isActive();
  }

  @Override
  public String toString() {
    return "TcpclLink[" + session.peerNodeId() + " " + session.channel().remoteAddress() + "]";
  }
}
