package org.starlane.bp.agent;

import java.util.Objects;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.StatusReportReason;

/** The outcome of {@link BundleProtocolAgent#transmit} (RFC 9171 §5.2). */
public sealed interface TransmitResult {

  /**
   * The agent created the bundle, stored it and dispatched it.
   *
   * @param id the new bundle's ID
   */
  record Accepted(BundleId id) implements TransmitResult {
    public Accepted {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * The agent did not take the bundle, for example {@link StatusReportReason#DEPLETED_STORAGE}.
   *
   * @param reason why
   */
  record Refused(StatusReportReason reason) implements TransmitResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
