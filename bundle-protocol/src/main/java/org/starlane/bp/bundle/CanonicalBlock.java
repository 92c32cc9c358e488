package org.starlane.bp.bundle;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A canonical bundle block (RFC 9171 §4.3.2): every block but the primary one. Blocks of unknown
 * types are kept unchanged, with their flags.
 *
 * <pre>
 *   [ block type code, block number, block processing control flags, CRC type,
 *     block-type-specific data (definite-length byte string),
 *     ? CRC ]                                         -- if and only if CRC type != 0
 * </pre>
 *
 * <p>{@code data} is a read-only view: decoding does not copy it, and {@link #data()} hands out an
 * independent view (position 0, limit = length) each call.
 *
 * @param type block type code (unsigned)
 * @param number block number, unique in the bundle; 1 for the payload block, never 0 (the primary
 *     block's)
 * @param flags block processing control flags
 * @param crcType CRC type
 * @param data block-type-specific data
 */
public record CanonicalBlock(
    long type, long number, BlockProcessingFlags flags, CrcType crcType, ByteBuffer data) {

  public CanonicalBlock {
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(crcType, "crcType");
    Objects.requireNonNull(data, "data");
    if (number == 0) {
      throw new IllegalArgumentException(
          "block number 0 is the primary block's; a canonical block needs another");
    }
    if (type == BlockType.PAYLOAD && number != 1) {
      throw new IllegalArgumentException(
          "the payload block must be block number 1, not " + Long.toUnsignedString(number));
    }
    if (!data.isReadOnly() || data.position() != 0 || data.limit() != data.capacity()) {
      data = data.slice().asReadOnlyBuffer();
    }
  }

  /** A payload block (type 1, number 1) with CRC-32C and no flags, copying nothing. */
  public static CanonicalBlock payload(ByteBuffer payload) {
    return new CanonicalBlock(
        BlockType.PAYLOAD, 1, BlockProcessingFlags.NONE, CrcType.CRC32C, payload);
  }

  /**
   * A read-only view of the block-type-specific data: position 0, limit = {@link #dataLength()}.
   */
  @Override
  public ByteBuffer data() {
    return data.duplicate();
  }

  public int dataLength() {
    return data.capacity();
  }

  /** A copy of the block-type-specific data. */
  public byte[] dataBytes() {
    byte[] bytes = new byte[data.capacity()];
    data.duplicate().get(bytes);
    return bytes;
  }

  public boolean isPayload() {
    return type == BlockType.PAYLOAD;
  }

  /** The same block with other data. */
  public CanonicalBlock withData(ByteBuffer newData) {
    return new CanonicalBlock(type, number, flags, crcType, newData);
  }

  /** A description for messages: "block 2 (type 7, bundle age)". */
  public String describe() {
    return describe(type, number);
  }

  static String describe(long type, long number) {
    return "block "
        + Long.toUnsignedString(number)
        + " (type "
        + Long.toUnsignedString(type)
        + ", "
        + BlockType.name(type)
        + ")";
  }

  @Override
  public String toString() {
    return describe() + " flags " + flags + " CRC " + crcType + ", " + dataLength() + " bytes";
  }
}
