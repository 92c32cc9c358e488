package org.starlane.bp.bundle;

/**
 * CRC type codes (RFC 9171 §4.2.1) and the length of the CRC value each one carries on the wire
 * (§4.2.2): a CBOR byte string of 2 bytes (CRC-16/X-25) or 4 bytes (CRC-32C), in network byte
 * order.
 */
public enum CrcType {
  /** No CRC. */
  NONE(0, 0),
  /** CRC-16/X-25 (polynomial 0x1021 reflected, init 0xFFFF, final XOR 0xFFFF). */
  CRC16_X25(1, 2),
  /** CRC-32C, Castagnoli (RFC 4960 Appendix B). */
  CRC32C(2, 4);

  private final int code;
  private final int valueLength;

  CrcType(int code, int valueLength) {
    this.code = code;
    this.valueLength = valueLength;
  }

  /** The type code on the wire. */
  public int code() {
    return code;
  }

  /** Bytes of CRC value carried in the block (0, 2 or 4). */
  public int valueLength() {
    return valueLength;
  }

  /** The CRC type for {@code code}, or {@code null} when the code is not defined by RFC 9171. */
  public static CrcType fromCode(long code) {
    if (code == 0) {
      return NONE;
    } else if (code == 1) {
      return CRC16_X25;
    } else if (code == 2) {
      return CRC32C;
    }
    return null;
  }
}
