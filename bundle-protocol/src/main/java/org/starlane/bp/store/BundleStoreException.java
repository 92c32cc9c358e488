package org.starlane.bp.store;

import org.starlane.bp.DtnException;

/**
 * A fault of a persistent bundle store: an I/O error, or an operation on a store that is closed or
 * has stopped after an earlier fault. Expected outcomes (the quota is full) are not exceptions but
 * {@link org.starlane.bp.spi.StoreResult.DepletedStorage}.
 */
public final class BundleStoreException extends DtnException {
  private static final long serialVersionUID = 1L;

  public BundleStoreException(String message) {
    super(message);
  }

  public BundleStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
