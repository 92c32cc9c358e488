package org.starlane.node.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a non-negative duration option: ISO-8601 ({@code PT1H}, {@code P7D}, {@code PT1.5S}) or a
 * whole number with one unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code
 * 3600s}, {@code 90m}, {@code 24h}, {@code 7d}). A day is 24 hours. The result must be a whole
 * number of milliseconds, the unit of BPv7 lifetimes and bundle ages (RFC 9171 §4.2.7, §4.4.2).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,19})(ms|s|m|h|d)");

  static final String FORMS =
      "use ISO-8601 (PT1H, P7D) or a whole number with a unit ms, s, m, h or d (3600s, 90m, 24h,"
          + " 7d)";

  @Override
  public Duration convert(String value) {
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
  public static Duration parse(String text) {
    String trimmed = text.strip();
    Duration duration;
    if (trimmed.startsWith("P") || trimmed.startsWith("p") || trimmed.startsWith("-P")) {
      try {
        duration = Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an ISO-8601 duration: " + FORMS, e);
      }
    } else {
      Matcher m = SIMPLE.matcher(trimmed);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + text + "' is not a duration: " + FORMS);
      }
      try {
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            duration = Duration.ofMillis(amount);
            break;
          case "s":
            duration = Duration.ofSeconds(amount);
            break;
          case "m":
            duration = Duration.ofMinutes(amount);
            break;
          case "h":
            duration = Duration.ofHours(amount);
            break;
          default:
            duration = Duration.ofDays(amount);
            break;
        }
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
      }
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is a negative duration");
    }
    if (duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of milliseconds (BPv7 counts time in ms)");
    }
    try {
      duration.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is too long a duration: at most 2^63-1 ms", e);
    }
    return duration;
  }
}
