package org.starlane.cgr.plan;

import org.starlane.bp.DtnException;

/**
 * A contact plan file that cannot be read: the message names the line (1-based, for ION command
 * files; for JSON the line of the offending token) and the field, and says what is wrong with its
 * value, for example {@code "line 7, field 'to_node': node number 0 is not an ipn node number"}.
 */
public final class ContactPlanFormatException extends DtnException {
  private static final long serialVersionUID = 1L;

  /** {@link #line()} when the problem has no line (an empty document, an I/O error). */
  public static final int NO_LINE = -1;

  private final int line;
  private final String field;

  public ContactPlanFormatException(int line, String field, String problem) {
    super(format(line, field, problem));
    this.line = line;
    this.field = field;
  }

  public ContactPlanFormatException(int line, String field, String problem, Throwable cause) {
    super(format(line, field, problem), cause);
    this.line = line;
    this.field = field;
  }

  private static String format(int line, String field, String problem) {
    StringBuilder s = new StringBuilder();
    if (line != NO_LINE) {
      s.append("line ").append(line);
    }
    if (field != null) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append("field '").append(field).append('\'');
    }
    if (s.length() > 0) {
      s.append(": ");
    }
    return s.append(problem).toString();
  }

  /** The 1-based line of the problem, or {@link #NO_LINE}. */
  public int line() {
    return line;
  }

  /** The field, for example {@code "from_time"} or {@code "rateBitsPerSec"}; null if none. */
  public String field() {
    return field;
  }
}
