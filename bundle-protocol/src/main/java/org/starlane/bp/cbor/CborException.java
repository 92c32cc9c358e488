package org.starlane.bp.cbor;

import org.starlane.bp.DtnException;

/**
 * Malformed or over-limit CBOR: the message says what was wrong, and {@link #offset()} says where
 * (bytes from the start of the item being decoded).
 */
public final class CborException extends DtnException {
  private static final long serialVersionUID = 1L;
  private final long offset;
  private final String problem;

  public CborException(String problem, long offset) {
    super(problem + " at byte offset " + offset);
    this.problem = problem;
    this.offset = offset;
  }

  /** Byte offset of the offending item, relative to where the reader started. */
  public long offset() {
    return offset;
  }

  /** The problem without the offset, for callers that add their own context. */
  public String problem() {
    return problem;
  }
}
