package org.starlane.bp.spi;

import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;

/**
 * A convergence-layer link to one peer node (RFC 9171 §7): the service a convergence-layer adapter
 * offers the Bundle Protocol Agent to send a bundle to a neighbour (§7.2, "sending a bundle to all
 * bundle nodes in the minimum reception group of the endpoint identified by a specified EID").
 * Links come up and go down (contacts); the convergence layer tells the agent through its {@link
 * ConvergenceLayer.Listener}. Implementations are thread-safe: the agent calls {@link #send} from
 * its own thread and must never be blocked by it.
 */
public interface Link {

  /** The node ID (RFC 9171 §4.2.5.2) of the node at the other end of this link. */
  EndpointId peerNodeId();

  /** Whether the link can carry bundles right now. */
  boolean isUp();

  /**
   * The largest encoded bundle (in bytes) this link accepts, if it has such a limit (for example a
   * UDP datagram). The agent does not offer a larger bundle to it.
   */
  default OptionalLong maxBundleSizeBytes() {
    return OptionalLong.empty();
  }

  /**
   * Sends {@code bundle} to the peer, asynchronously. The returned stage completes with the
   * outcome, an expected {@link SendResult}; it completes exceptionally only for a bug. It may
   * complete on any thread: the agent hops back onto its scheduler.
   */
  CompletionStage<SendResult> send(Bundle bundle);
}
