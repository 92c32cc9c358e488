package org.starlane.bp.admin;

import org.starlane.bp.DtnException;

/**
 * An administrative record that is not well-formed CBOR or breaks the rules of RFC 9171 §6.1: the
 * message names the record, the field and the byte offset of the problem, counted from the start of
 * the bundle payload that held the record.
 *
 * <p>Not a {@link org.starlane.bp.bundle.BundleFormatException}: the bundle that carried the record
 * was valid and has been delivered to the administrative element, its offsets would not point into
 * the payload, and no status-report reason code applies (a bundle whose payload is an
 * administrative record never asks for status reports, RFC 9171 §4.2.3).
 */
public final class AdministrativeRecordException extends DtnException {
  private static final long serialVersionUID = 1L;

  private final String record;
  private final String field;
  private final long offset;
  private final String problem;

  /**
   * @param record the record, for example "administrative record" or "bundle status report (record
   *     type 1)"
   * @param field the field within the record, or {@code null} for the record as a whole
   * @param offset byte offset from the start of the payload
   * @param problem what is wrong, with the value found and the value expected
   * @param cause the reader's exception, or {@code null}
   */
  public AdministrativeRecordException(
      String record, String field, long offset, String problem, Throwable cause) {
    super(format(record, field, offset, problem), cause);
    this.record = record;
    this.field = field;
    this.offset = offset;
    this.problem = problem;
  }

  private static String format(String record, String field, long offset, String problem) {
    StringBuilder s = new StringBuilder(record);
    if (field != null) {
      s.append(", field '").append(field).append('\'');
    }
    return s.append(": ")
        .append(problem)
        .append(" (at byte offset ")
        .append(offset)
        .append(" of the payload)")
        .toString();
  }

  /** The record: "administrative record" until its type code is known, then its type. */
  public String record() {
    return record;
  }

  /** The field within the record, or {@code null} when the problem is the record as a whole. */
  public String field() {
    return field;
  }

  /** Byte offset of the offending item from the start of the payload. */
  public long offset() {
    return offset;
  }

  /** The problem without record, field and offset. */
  public String problem() {
    return problem;
  }
}
