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
 * <p><b>File-backed payloads.</b> A payload block (type 1) may hold its data in a file region
 * instead, {@link #dataFile()} (see {@link PayloadFile} and docs/bundle-protocol.md, "Large
 * payloads"); then {@code data} is empty and unused. Such a block may be larger than 2 GiB. On it,
 * the methods that would need the bytes in the heap, {@link #data()}, {@link #dataBytes()} (and
 * {@link Bundle#payload()}), throw {@link IllegalStateException}, and so does {@link #dataLength()}
 * when the length does not fit an {@code int}: use {@link #dataFile()}, {@link #dataSizeBytes()},
 * {@link BundleCodec#encode(Bundle, java.io.OutputStream)} instead. Equality of file-backed blocks
 * compares the file regions (path, offset, length), not the bytes in them. Every other block, and
 * every block built with the five-argument constructor, is in memory as before.
 *
 * @param type block type code (unsigned)
 * @param number block number, unique in the bundle; 1 for the payload block, never 0 (the primary
 *     block's)
 * @param flags block processing control flags
 * @param crcType CRC type
 * @param data block-type-specific data (empty when {@code dataFile} is not null)
 * @param dataFile the file region that holds the block-type-specific data of a file-backed payload
 *     block, or null for a block in memory
 */
public record CanonicalBlock(
    long type,
    long number,
    BlockProcessingFlags flags,
    CrcType crcType,
    ByteBuffer data,
    PayloadFile dataFile) {

  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0).asReadOnlyBuffer();

  /** A block whose data are in memory. */
  public CanonicalBlock(
      long type, long number, BlockProcessingFlags flags, CrcType crcType, ByteBuffer data) {
    this(type, number, flags, crcType, data, null);
  }

  /**
   * @throws IllegalArgumentException if {@code dataFile} is given for a block that is not the
   *     payload block, or with non-empty {@code data}
   */
  public CanonicalBlock {
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(crcType, "crcType");
    Objects.requireNonNull(data, "data");
    if (dataFile != null) {
      if (type != BlockType.PAYLOAD) {
        throw new IllegalArgumentException(
            "only the payload block may keep its data in a file, not " + describe(type, number));
      }
      if (data.remaining() != 0) {
        throw new IllegalArgumentException(
            "a file-backed block has no data in memory, found " + data.remaining() + " bytes");
      }
      data = NO_DATA;
    }
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
   * A payload block (type 1, number 1) with CRC-32C and no flags whose data are the bytes of {@code
   * file}, which must stay unchanged while the block is in use.
   */
  public static CanonicalBlock payload(PayloadFile file) {
    return new CanonicalBlock(
        BlockType.PAYLOAD,
        1,
        BlockProcessingFlags.NONE,
        CrcType.CRC32C,
        NO_DATA,
        Objects.requireNonNull(file, "file"));
  }

  /**
   * A read-only view of the block-type-specific data: position 0, limit = {@link #dataLength()}.
   *
   * @throws IllegalStateException if the data are in a file ({@link #isFileBacked()}): use {@link
   *     #dataFile()}
   */
  @Override
  public ByteBuffer data() {
    if (dataFile != null) {
      throw inFile("data()");
    }
    return data.duplicate();
  }

  /**
   * The data's length.
   *
   * @throws IllegalStateException if the data are in a file of more than {@link Integer#MAX_VALUE}
   *     bytes: use {@link #dataSizeBytes()}
   */
  public int dataLength() {
    if (dataFile != null) {
      if (dataFile.length() > Integer.MAX_VALUE) {
        throw inFile("dataLength()");
      }
      return (int) dataFile.length();
    }
    return data.capacity();
  }

  /** The data's length, also for file-backed data of any size. */
  public long dataSizeBytes() {
    return dataFile != null ? dataFile.length() : data.capacity();
  }

  /** Whether the data are in a file ({@link #dataFile()}) rather than in memory. */
  public boolean isFileBacked() {
    return dataFile != null;
  }

  /**
   * A copy of the block-type-specific data.
   *
   * @throws IllegalStateException if the data are in a file: use {@link #dataFile()}
   */
  public byte[] dataBytes() {
    if (dataFile != null) {
      throw inFile("dataBytes()");
    }
    byte[] bytes = new byte[data.capacity()];
    data.duplicate().get(bytes);
    return bytes;
  }

  private IllegalStateException inFile(String method) {
    return new IllegalStateException(
        describe()
            + " keeps its "
            + dataFile.length()
            + " bytes of data in the file region "
            + dataFile
            + ", not in memory: "
            + method
            + " is not available; use dataFile(), dataSizeBytes() and the streaming"
            + " BundleCodec.encode(Bundle, OutputStream) (docs/bundle-protocol.md, \"Large"
            + " payloads\")");
  }

  public boolean isPayload() {
    return type == BlockType.PAYLOAD;
  }

  /** The same block with other data, in memory. */
  public CanonicalBlock withData(ByteBuffer newData) {
    return new CanonicalBlock(type, number, flags, crcType, newData);
  }

  /** The same (payload) block with its data in {@code file}. */
  public CanonicalBlock withData(PayloadFile file) {
    return new CanonicalBlock(
        type, number, flags, crcType, NO_DATA, Objects.requireNonNull(file, "file"));
  }

  /** The same block with another CRC type, its data (in memory or in a file) unchanged. */
  public CanonicalBlock withCrcType(CrcType newCrcType) {
    return new CanonicalBlock(type, number, flags, newCrcType, data, dataFile);
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
    return describe()
        + " flags "
        + flags
        + " CRC "
        + crcType
        + ", "
        + dataSizeBytes()
        + " bytes"
        + (dataFile != null ? " in " + dataFile : "");
  }
}
