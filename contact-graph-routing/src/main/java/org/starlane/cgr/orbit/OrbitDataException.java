package org.starlane.cgr.orbit;

import org.starlane.bp.DtnException;

/**
 * Orbit or station input that contact prediction cannot use: a malformed two-line element set, a
 * bad line in a ground-station file, missing Orekit data. The message names the source, the line
 * and the field.
 */
public class OrbitDataException extends DtnException {
  private static final long serialVersionUID = 1L;

  public OrbitDataException(String message) {
    super(message);
  }

  public OrbitDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
