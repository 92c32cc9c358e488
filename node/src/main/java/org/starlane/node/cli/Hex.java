package org.starlane.node.cli;

import java.util.HexFormat;

/** Hexadecimal text for bundles on the command line: lowercase out, whitespace-tolerant in. */
final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  /** Lowercase hex digits, two per byte, no separators. */
  static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /** Lowercase hex digits of {@code bytes[offset, offset + length)}. */
  static String encode(byte[] bytes, int offset, int length) {
    return FORMAT.formatHex(bytes, offset, offset + length);
  }

  /**
   * The bytes that {@code text} spells in hex digits (either case); whitespace anywhere is ignored.
   *
   * @throws IllegalArgumentException naming the offending character and its index in {@code text},
   *     or the odd digit count
   */
  static byte[] decode(CharSequence text) {
    byte[] out = new byte[text.length() / 2];
    int digits = 0;
    int high = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      int value = Character.digit(c, 16);
      if (value < 0 || c > 'f') {
        throw new IllegalArgumentException(
            "character '"
                + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c)
                + "' at index "
                + i
                + " is not a hex digit");
      }
      if (digits % 2 == 0) {
        high = value;
      } else {
        out[digits / 2] = (byte) (high << 4 | value);
      }
      digits++;
    }
    if (digits % 2 != 0) {
      throw new IllegalArgumentException(
          "odd number of hex digits (" + digits + "): every byte takes two");
    }
    if (digits == 0) {
      throw new IllegalArgumentException("no hex digits");
    }
    return digits / 2 == out.length ? out : java.util.Arrays.copyOf(out, digits / 2);
  }
}
