package org.starlane.bp.bundle;

import org.starlane.bp.DtnException;

/**
 * A bundle that RFC 9171 forbids, or that is not well-formed CBOR. The message names the block, the
 * field and the byte offset (from the start of the bundle) of the problem, and {@link #reason()} is
 * the status-report reason code that a node reports when it deletes the bundle for this (usually
 * "block unintelligible").
 */
public final class BundleFormatException extends DtnException {
  private static final long serialVersionUID = 1L;

  /** {@link #offset()} of a bundle that was built in memory rather than decoded. */
  public static final long NO_OFFSET = -1;

  private final String block;
  private final String field;
  private final long offset;
  private final transient StatusReportReason reason;

  public BundleFormatException(
      String block, String field, long offset, String problem, StatusReportReason reason) {
    super(format(block, field, offset, problem));
    this.block = block;
    this.field = field;
    this.offset = offset;
    this.reason = reason;
  }

  /** As above, for a problem that surfaced as {@code cause} (a decoder defect, not the input's). */
  BundleFormatException(
      String block,
      String field,
      long offset,
      String problem,
      StatusReportReason reason,
      Throwable cause) {
    super(format(block, field, offset, problem), cause);
    this.block = block;
    this.field = field;
    this.offset = offset;
    this.reason = reason;
  }

  private static String format(String block, String field, long offset, String problem) {
    StringBuilder s = new StringBuilder(block);
    if (field != null) {
      s.append(", field '").append(field).append('\'');
    }
    s.append(": ").append(problem);
    if (offset != NO_OFFSET) {
      s.append(" (at byte offset ").append(offset).append(')');
    }
    return s.toString();
  }

  /** The block, for example "primary block" or "block 2 (type 7, bundle age)". */
  public String block() {
    return block;
  }

  /** The field within the block, or {@code null} when the problem is the block as a whole. */
  public String field() {
    return field;
  }

  /** Byte offset from the start of the encoded bundle, or {@link #NO_OFFSET}. */
  public long offset() {
    return offset;
  }

  /** The status-report reason code for deleting a bundle over this problem. */
  public StatusReportReason reason() {
    return reason;
  }
}
