package org.starlane.bp.spi;

import java.util.Objects;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.StatusReportReason;

/** The outcome of a {@link SecurityProcessor} hook: go on with a bundle, or delete it. */
public sealed interface SecurityOutcome {

  /**
   * Go on processing {@code bundle}: the one given to the hook, or a changed one (a security block
   * added, a verified BIB removed, a target decrypted).
   */
  record Continue(Bundle bundle) implements SecurityOutcome {
    public Continue {
      Objects.requireNonNull(bundle, "bundle");
    }
  }

  /**
   * Delete the bundle (RFC 9171 §5.10) with {@code reason}, typically one of the BPSec reason codes
   * of RFC 9172 §8 (missing, unknown, unexpected, failed or conflicting security operation).
   */
  record Delete(StatusReportReason reason) implements SecurityOutcome {
    public Delete {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
