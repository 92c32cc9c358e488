package org.starlane.cgr.plan;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The lexical layer shared by {@link IonContactPlanReader} and {@link IonContactPlanWriter}: ION's
 * time forms, an absolute UTC time {@code yyyy/mm/dd-hh:mm:ss} and a relative time {@code +s}
 * (seconds after the reference time). ION keeps times in whole seconds.
 */
final class IonTime {
  private IonTime() {}

  static final DateTimeFormatter ABSOLUTE =
      DateTimeFormatter.ofPattern("uuuu/MM/dd-HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  /** Largest relative offset accepted, about 292 years, so that seconds × 1000 cannot overflow. */
  static final long MAX_RELATIVE_SECONDS = 9_000_000_000L;

  static String absolute(long epochSeconds) {
    return LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC).format(ABSOLUTE);
  }

  /**
   * Milliseconds since the epoch of {@code token}, absolute or relative to {@code referenceMillis}.
   *
   * @throws ContactPlanFormatException naming {@code line} and {@code field}
   */
  static long parse(String token, long referenceMillis, int line, String field) {
    if (token.startsWith("+")) {
      long seconds = parseUnsigned(token.substring(1), line, field, MAX_RELATIVE_SECONDS);
      long millis = referenceMillis + seconds * 1000;
      if (millis < 0) {
        throw new ContactPlanFormatException(line, field, "time " + token + " overflows");
      }
      return millis;
    }
    if (token.length() != 19) {
      throw new ContactPlanFormatException(
          line, field, "'" + token + "' is neither +seconds nor yyyy/mm/dd-hh:mm:ss");
    }
    try {
      long s = LocalDateTime.parse(token, ABSOLUTE).toEpochSecond(ZoneOffset.UTC);
      if (s < 0) {
        throw new ContactPlanFormatException(line, field, "time " + token + " is before 1970");
      }
      return s * 1000;
    } catch (DateTimeParseException e) {
      throw new ContactPlanFormatException(
          line, field, "'" + token + "' is not a valid yyyy/mm/dd-hh:mm:ss time", e);
    }
  }

  /** A decimal number of at most {@code max}, digits only. */
  static long parseUnsigned(String token, int line, String field, long max) {
    if (token.isEmpty() || token.length() > 19) {
      throw new ContactPlanFormatException(
          line, field, "'" + token + "' is not a number from 0 to " + max);
    }
    long v = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        throw new ContactPlanFormatException(
            line, field, "'" + token + "' is not a number from 0 to " + max);
      }
      v = v * 10 + (c - '0');
      if (v > max || v < 0) {
        throw new ContactPlanFormatException(line, field, token + " exceeds " + max);
      }
    }
    return v;
  }
}
