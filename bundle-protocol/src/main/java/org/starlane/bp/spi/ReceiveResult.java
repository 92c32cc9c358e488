package org.starlane.bp.spi;

import java.util.Objects;
import org.starlane.bp.bundle.StatusReportReason;

/**
 * What the Bundle Protocol Agent answers a convergence layer that handed it a received bundle
 * ({@link ConvergenceLayer.Listener#bundleReceived}): whether the node has taken responsibility for
 * it. A convergence layer that acknowledges transfers to its peer (TCPCL's final {@code XFER_ACK})
 * waits for this answer, so that an acknowledged bundle survives a crash of this node (the
 * durability contract in {@code docs/storage.md}). Expected outcomes, not exceptions (house style).
 */
public sealed interface ReceiveResult {
  /** The shared instance of {@link Accepted}. */
  Accepted ACCEPTED = new Accepted();

  /** The shared instance of {@link Duplicate}. */
  Duplicate DUPLICATE = new Duplicate();

  /**
   * The agent took the bundle: it is in the store (durably, for a persistent store), or it was
   * processed to the end without being kept (delivered, or deleted by the rules of RFC 9171 §5.6:
   * expired, hop limit exceeded, a security failure). Either way, the sender need not send it
   * again.
   */
  record Accepted() implements ReceiveResult {}

  /**
   * The agent holds or recently held a bundle with the same ID (RFC 9171 §5.6: duplicate
   * detection), and discarded this copy. The sender need not send it again (TCPCL: {@code
   * XFER_REFUSE} "Completed").
   */
  record Duplicate() implements ReceiveResult {}

  /**
   * The agent could not take the bundle, for example because its store is full ({@link
   * StatusReportReason#DEPLETED_STORAGE}). The sender keeps it and may try again later or elsewhere
   * (TCPCL: {@code XFER_REFUSE} "Resources").
   *
   * @param reason why, as a status report reason code
   */
  record Refused(StatusReportReason reason) implements ReceiveResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
