package org.starlane.bp.eid;

import org.starlane.bp.DtnException;

/**
 * The text of an endpoint ID is not a valid {@code dtn} or {@code ipn} URI; the message says why.
 */
public final class EndpointIdFormatException extends DtnException {
  private static final long serialVersionUID = 1L;

  public EndpointIdFormatException(String message) {
    super(message);
  }
}
