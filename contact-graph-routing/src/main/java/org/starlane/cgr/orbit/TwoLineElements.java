package org.starlane.cgr.orbit;

import java.util.Objects;
import org.orekit.propagation.analytical.tle.TLE;

/**
 * A NORAD two-line element set (the format of CelesTrak and Space-Track), propagated with SGP4
 * (near Earth) or SDP4 (deep space) as Orekit implements them. The lines are checked (length, line
 * numbers, checksums) on creation.
 *
 * <p>Immutable, thread-safe.
 *
 * @param line1 the first line (69 characters, starts with {@code "1 "})
 * @param line2 the second line (69 characters, starts with {@code "2 "})
 */
public record TwoLineElements(String line1, String line2) implements OrbitElements {
  public TwoLineElements {
    Objects.requireNonNull(line1, "line1");
    Objects.requireNonNull(line2, "line2");
    line1 = stripEnd(line1);
    line2 = stripEnd(line2);
    boolean ok;
    try {
      ok = TLE.isFormatOK(line1, line2);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "not a valid two-line element set (length, line numbers or checksum): '"
              + line1
              + "' / '"
              + line2
              + "'");
    }
  }

  private static String stripEnd(String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end);
  }
}
