package org.starlane.cl.sim;

import org.starlane.bp.DtnException;

/**
 * The end of a contact window cut a bundle's transmission (see {@link WindowCut}): the cause in the
 * {@link org.starlane.bp.spi.SendResult.Failed} result of that send. Immutable.
 */
public final class TransferCutException extends DtnException {
  private static final long serialVersionUID = 1L;

  private final long bytesSent;
  private final long bytes;

  public TransferCutException(String message, long bytesSent, long bytes) {
    super(message);
    this.bytesSent = bytesSent;
    this.bytes = bytes;
  }

  /** Octets that left before the cut. */
  public long bytesSent() {
    return bytesSent;
  }

  /** Octets of the whole bundle. */
  public long bytes() {
    return bytes;
  }
}
