package org.starlane.node.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.starlane.bp.bundle.DtnTime;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a creation time option as DTN time in milliseconds (RFC 9171 §4.2.6): either an ISO-8601
 * instant at or after 2000-01-01T00:00:00Z ({@code 2025-01-01T12:00:00Z}) or a whole number of
 * milliseconds since that epoch ({@code 0} means "no accurate clock", §4.2.7).
 */
public final class DtnTimeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /**
   * Parses {@code text} as described above.
   *
   * @throws IllegalArgumentException with a message that gives the value and the accepted forms
   */
  public static long parse(String text) {
    String trimmed = text.strip();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Long.parseLong(trimmed);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "DTN time '" + text + "' exceeds 2^63-1 milliseconds", e);
      }
    }
    Instant instant;
    try {
      instant = Instant.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a time: use an ISO-8601 instant (2025-01-01T12:00:00Z) or DTN time in"
              + " milliseconds since 2000-01-01T00:00:00Z",
          e);
    }
    if (instant.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of milliseconds (DTN time counts ms)");
    }
    try {
      return DtnTime.fromInstant(instant);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too far in the future", e);
    }
  }
}
