package org.starlane.bpsec;

import java.util.Objects;
import org.starlane.bp.DtnException;
import org.starlane.bp.bundle.StatusReportReason;

/**
 * A security block or security operation that cannot be processed (RFC 9172 §3, §5). {@link
 * #reason()} is the status-report reason code a node reports when it deletes the bundle or the
 * target over this problem: one of the BPSec codes of RFC 9172 §7.1 and §11.2 (missing, unknown,
 * unexpected, failed or conflicting security operation) or, for a security block that is not
 * well-formed CBOR, "block unintelligible" (RFC 9171 §6.1.1).
 */
public final class BpsecException extends DtnException {
  private static final long serialVersionUID = 1L;

  private final transient StatusReportReason reason;

  public BpsecException(String message, StatusReportReason reason) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public BpsecException(String message, StatusReportReason reason, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The status-report reason code for deleting the bundle or target over this problem. */
  public StatusReportReason reason() {
    return reason;
  }

  static BpsecException unintelligible(String message) {
    return new BpsecException(message, StatusReportReason.BLOCK_UNINTELLIGIBLE);
  }

  static BpsecException conflicting(String message) {
    return new BpsecException(message, StatusReportReason.CONFLICTING_SECURITY_OPERATION);
  }

  static BpsecException failed(String message) {
    return new BpsecException(message, StatusReportReason.FAILED_SECURITY_OPERATION);
  }

  static BpsecException failed(String message, Throwable cause) {
    return new BpsecException(message, StatusReportReason.FAILED_SECURITY_OPERATION, cause);
  }

  static BpsecException unknown(String message) {
    return new BpsecException(message, StatusReportReason.UNKNOWN_SECURITY_OPERATION);
  }

  static BpsecException missing(String message) {
    return new BpsecException(message, StatusReportReason.MISSING_SECURITY_OPERATION);
  }
}
