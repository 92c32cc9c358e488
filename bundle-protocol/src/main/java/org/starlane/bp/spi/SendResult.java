package org.starlane.bp.spi;

import java.util.Objects;

/**
 * The outcome of {@link Link#send}: what the convergence layer reports when it "concluded its
 * data-sending procedures" for a bundle (RFC 9171 §5.4 step 5). Expected outcomes, not exceptions
 * (house style).
 */
public sealed interface SendResult {

  /** The shared instance of {@link Sent}. */
  Sent SENT = new Sent();

  /** The convergence layer conveyed the bundle to the peer (for TCPCL: the transfer was acked). */
  record Sent() implements SendResult {}

  /**
   * The convergence layer or the peer declined the bundle before conveying it (link down, bundle
   * too large, peer refused the transfer).
   *
   * @param reason why, for logs
   */
  record Refused(String reason) implements SendResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Sending started but did not complete (I/O error, session terminated mid-transfer).
   *
   * @param cause what went wrong
   */
  record Failed(Throwable cause) implements SendResult {
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }
}
