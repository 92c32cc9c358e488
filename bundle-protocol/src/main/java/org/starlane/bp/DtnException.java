package org.starlane.bp;

/**
 * The root of Starlane's exception family. Each layer has its own subclass that carries the spec's
 * reason code (for example {@link org.starlane.bp.bundle.BundleFormatException} carries a
 * status-report reason code).
 */
public class DtnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DtnException(String message) {
    super(message);
  }

  public DtnException(String message, Throwable cause) {
    super(message, cause);
  }
}
