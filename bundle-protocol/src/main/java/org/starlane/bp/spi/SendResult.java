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
   * <p>{@code acknowledgedBytes} is how many leading octets of the bundle's encoding (exactly the
   * octets the convergence layer sent: {@link org.starlane.bp.bundle.BundleCodec#encode}) the peer
   * acknowledged before the transfer was cut, for example the last TCPCL {@code XFER_ACK}'s
   * acknowledged length (RFC 9174 §5.2.3); 0 when the layer has no acknowledgements or none came.
   * An agent that does reactive fragmentation (RFC 9171 §5.8) may then send only the rest of the
   * payload, if the peer keeps what it received (RFC 9174 §3.2).
   *
   * @param cause what went wrong
   * @param acknowledgedBytes the acknowledged prefix of the encoded bundle, in octets; at least 0
   */
  record Failed(Throwable cause, long acknowledgedBytes) implements SendResult {
    public Failed {
      Objects.requireNonNull(cause, "cause");
      if (acknowledgedBytes < 0) {
        throw new IllegalArgumentException(
            "acknowledged length " + acknowledgedBytes + " is negative");
      }
    }

    /** A failure with nothing acknowledged. */
    public Failed(Throwable cause) {
      this(cause, 0);
    }
  }
}
