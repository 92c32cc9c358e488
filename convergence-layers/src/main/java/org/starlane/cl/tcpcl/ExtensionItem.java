package org.starlane.cl.tcpcl;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A session or transfer extension item, the type-length-value container of RFC 9174 §4.8 (session,
 * Figure 20) and §5.2.5 (transfer, Figure 25).
 *
 * <pre>
 *                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |  Item Flags   |           Item Type           | Item Length...|
 * +---------------+---------------+---------------+---------------+
 * | length contd. | Item Value...                                 |
 * +---------------+---------------+---------------+---------------+
 * </pre>
 *
 * Flags: {@code CRITICAL = 0x01}; reserved bits are sent as 0 and ignored on receipt.
 *
 * <p>Immutable, thread-safe.
 *
 * @param critical whether the receiver must handle the item (unknown critical items end the
 *     session, §4.8, or refuse the transfer, §5.2.5)
 * @param type the item type, a u16
 * @param value the item value, at most 65535 octets (copied)
 */
public record ExtensionItem(boolean critical, int type, byte[] value) {
  /** The CRITICAL flag bit. */
  public static final int CRITICAL = 0x01;

  /** The transfer extension type of the Transfer Length extension (§5.2.5.1, §8.4). */
  public static final int TRANSFER_LENGTH = 0x0001;

  /** Octets before the value: flags (1), type (2), length (2). */
  public static final int HEADER_LENGTH = 5;

  public ExtensionItem {
    if (type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("extension item type " + type + " is not a u16");
    }
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "extension item value of " + value.length + " octets exceeds 65535");
    }
    value = value.clone();
  }

  /**
   * A Transfer Length extension item (§5.2.5.1), not critical (a receiver that does not know it may
   * ignore it).
   */
  public static ExtensionItem transferLength(long totalLengthBytes) {
    byte[] v = new byte[8];
    for (int i = 0; i < 8; i++) {
      v[i] = (byte) (totalLengthBytes >>> (56 - 8 * i));
    }
    return new ExtensionItem(false, TRANSFER_LENGTH, v);
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The encoded length: header plus value. */
  public int encodedLength() {
    return HEADER_LENGTH + value.length;
  }

  /** The value as a u64 (the Transfer Length extension), or -1 if it is not 8 octets long. */
  long valueAsU64OrMinusOne() {
    if (value.length != 8) {
      return -1;
    }
    long v = 0;
    for (byte b : value) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExtensionItem e
        && e.critical == critical
        && e.type == type
        && Arrays.equals(e.value, value);
  }

  @Override
  public int hashCode() {
    return (critical ? 31 : 0) + type * 17 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "ExtensionItem[critical="
        + critical
        + ", type="
        + type
        + ", value="
        + HexFormat.of().formatHex(value)
        + "]";
  }
}
