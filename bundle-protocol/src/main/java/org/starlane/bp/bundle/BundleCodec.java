package org.starlane.bp.bundle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;

/**
 * Encodes and decodes BPv7 bundles (RFC 9171 §4).
 *
 * <pre>
 *   bundle = [_ primary-block, *extension-block, payload-block ]   -- indefinite-length array, then "break" (0xFF)
 * </pre>
 *
 * <p><b>Decoding</b> validates everything RFC 9171 §4 requires (see {@link Bundle#of}) and throws
 * {@link BundleFormatException} naming the block, field and byte offset. A definite-length outer
 * array is accepted too (RFC 9171 §4.1 allows a node to accept it) and blocks may be definite- or
 * indefinite-length arrays. Block data, payload included, are views on the decoded bytes: {@link
 * #decode(byte[])} and {@link #decode(ByteBuffer)} (heap) copy nothing, so the caller must not
 * modify those bytes afterwards. {@link #decode(ByteBuf)} copies the readable bytes once, so the
 * bundle does not depend on a (possibly pooled) network buffer.
 *
 * <p><b>Encoding</b> writes the canonical form (indefinite outer array, definite blocks, shortest
 * integers) and copies the original bytes of every block that a decoded bundle has not changed.
 *
 * <p>Thread-safe: the codec is stateless apart from its limits.
 */
public final class BundleCodec {
  /** A codec with {@link CborLimits#DEFAULT}. */
  public static final BundleCodec DEFAULT = new BundleCodec(CborLimits.DEFAULT);

  private static final String BUNDLE = "bundle";
  private static final String PRIMARY = "primary block";

  private static final String F_BUNDLE_ARRAY = "bundle array";
  private static final String F_BLOCK_ARRAY = "block array";
  private static final String F_VERSION = "version";
  private static final String F_BUNDLE_FLAGS = "bundle processing control flags";
  private static final String F_CRC_TYPE = "CRC type";
  private static final String F_DESTINATION = "destination EID";
  private static final String F_SOURCE = "source node ID";
  private static final String F_REPORT_TO = "report-to EID";
  private static final String F_CREATION = "creation timestamp";
  private static final String F_LIFETIME = "lifetime";
  private static final String F_FRAGMENT_OFFSET = "fragment offset";
  private static final String F_TOTAL_ADU = "total application data unit length";
  private static final String F_CRC = "CRC";
  private static final String F_TYPE = "block type code";
  private static final String F_NUMBER = "block number";
  private static final String F_BLOCK_FLAGS = "block processing control flags";
  private static final String F_DATA = "block-type-specific data";

  private final CborLimits limits;

  public BundleCodec(CborLimits limits) {
    this.limits = limits;
  }

  public CborLimits limits() {
    return limits;
  }

  /** Decodes one bundle that fills {@code bytes} exactly; block data are views on {@code bytes}. */
  public Bundle decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes one bundle that fills {@code bytes[offset, offset + length)} exactly, without copying.
   */
  public Bundle decode(byte[] bytes, int offset, int length) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes, offset, length);
    Bundle bundle = decodeFrom(in, bytes, offset);
    if (in.isReadable()) {
      throw new BundleFormatException(
          BUNDLE,
          null,
          in.readerIndex(),
          in.readableBytes() + " bytes follow the end of the bundle",
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
    return bundle;
  }

  /**
   * Decodes one bundle that fills the remaining bytes of {@code bytes} exactly, without copying
   * when it is a heap buffer. Does not move {@code bytes}' position.
   */
  public Bundle decode(ByteBuffer bytes) {
    if (bytes.hasArray()) {
      return decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return decode(copy);
  }

  /**
   * Decodes the bundle at {@code in}'s reader index and advances past it; bytes after the bundle
   * stay unread. The readable bytes are copied once, so the result never refers to {@code in}'s
   * memory.
   */
  public Bundle decode(ByteBuf in) {
    byte[] copy = ByteBufUtil.getBytes(in);
    ByteBuf view = Unpooled.wrappedBuffer(copy);
    Bundle bundle = decodeFrom(view, copy, 0);
    in.skipBytes(view.readerIndex());
    return bundle;
  }

  /**
   * Decodes from {@code in}, whose bytes are {@code array} from {@code arrayBase} (reader index 0 =
   * arrayBase).
   */
  private Bundle decodeFrom(ByteBuf in, byte[] array, int arrayBase) {
    int bundleStart = in.readerIndex();
    CborReader r = new CborReader(in, limits, bundleStart);
    String field = F_BUNDLE_ARRAY;
    long blockType = -1; // -1: bundle level, -2: primary block, else the canonical block being read
    long blockNumber = 0;
    int blockStart = bundleStart;
    try {
      int count = r.readArrayHeader();
      if (count != CborReader.INDEFINITE && count < 2) {
        throw new CborException(
            "a bundle is an array of at least 2 blocks, found " + count, r.offset() - 1);
      }
      // --- primary block ---
      blockType = -2;
      blockStart = in.readerIndex();
      field = F_BLOCK_ARRAY;
      int elements = r.readArrayHeader();
      if (elements != CborReader.INDEFINITE && (elements < 8 || elements > 11)) {
        throw new CborException(
            "the primary block is an array of 8 to 11 elements, found " + elements,
            blockStart - bundleStart);
      }
      field = F_VERSION;
      int at = r.offset();
      long version = r.readUnsigned();
      if (version != PrimaryBlock.VERSION) {
        throw new CborException(
            "version " + Long.toUnsignedString(version) + " is not BPv7 (7)", at);
      }
      field = F_BUNDLE_FLAGS;
      BundleProcessingFlags flags = new BundleProcessingFlags(r.readUnsigned());
      field = F_CRC_TYPE;
      CrcType crcType = readCrcType(r);
      int expected = 8 + (flags.isFragment() ? 2 : 0) + (crcType == CrcType.NONE ? 0 : 1);
      if (elements != CborReader.INDEFINITE && elements != expected) {
        field = flags.isFragment() || elements > expected ? F_BLOCK_ARRAY : F_FRAGMENT_OFFSET;
        throw new CborException(
            "the primary block has "
                + elements
                + " elements but its fragment flag ("
                + flags.isFragment()
                + ") and CRC type ("
                + crcType.code()
                + ") require "
                + expected
                + (elements == expected + 2 && !flags.isFragment()
                    ? ": fragment fields without the fragment flag"
                    : elements == expected - 2 && flags.isFragment()
                        ? ": fragment flag without fragment fields"
                        : ""),
            blockStart - bundleStart);
      }
      field = F_DESTINATION;
      EndpointId destination = EndpointId.readFrom(r);
      field = F_SOURCE;
      EndpointId source = EndpointId.readFrom(r);
      field = F_REPORT_TO;
      EndpointId reportTo = EndpointId.readFrom(r);
      field = F_CREATION;
      r.readArrayHeader(2, F_CREATION);
      CreationTimestamp creation = new CreationTimestamp(r.readUnsigned(), r.readUnsigned());
      field = F_LIFETIME;
      long lifetime = r.readUnsigned();
      long fragmentOffset = 0;
      long totalAdu = 0;
      if (flags.isFragment()) {
        field = F_FRAGMENT_OFFSET;
        fragmentOffset = r.readUnsigned();
        field = F_TOTAL_ADU;
        totalAdu = r.readUnsigned();
      }
      field = F_CRC;
      int crcValueIndex = readCrcValueHeader(r, crcType);
      if (elements == CborReader.INDEFINITE) {
        field = F_BLOCK_ARRAY;
        expectBreak(r, "primary block");
      }
      int primaryEnd = in.readerIndex();
      checkCrc(in, crcType, blockStart, primaryEnd, crcValueIndex, bundleStart);
      PrimaryBlock primary;
      field = null;
      try {
        primary =
            new PrimaryBlock(
                flags,
                crcType,
                destination,
                source,
                reportTo,
                creation,
                lifetime,
                fragmentOffset,
                totalAdu);
      } catch (IllegalArgumentException e) {
        throw new CborException(e.getMessage(), blockStart - bundleStart);
      }

      // --- canonical blocks ---
      List<CanonicalBlock> blocks = new ArrayList<>(4);
      int[] extents = new int[2 + 2 * 4];
      int[] offsets = new int[1 + 4];
      extents[0] = blockStart - bundleStart + arrayBase;
      extents[1] = primaryEnd - bundleStart + arrayBase;
      offsets[0] = blockStart - bundleStart;
      int read = 1;
      while (count == CborReader.INDEFINITE ? !r.readBreakIfPresent() : read < count) {
        read++;
        blockType = -1;
        blockStart = in.readerIndex();
        field = F_BLOCK_ARRAY;
        if (blocks.size() >= limits.maxArrayLength()) {
          throw new CborException(
              "more than " + limits.maxArrayLength() + " blocks", blockStart - bundleStart);
        }
        int blockElements = r.readArrayHeader();
        if (blockElements != CborReader.INDEFINITE && blockElements != 5 && blockElements != 6) {
          throw new CborException(
              "a canonical block is an array of 5 or 6 elements, found " + blockElements,
              blockStart - bundleStart);
        }
        field = F_TYPE;
        blockType = r.readUnsigned();
        field = F_NUMBER;
        at = r.offset();
        blockNumber = r.readUnsigned();
        if (blockNumber == 0) {
          throw new CborException("block number 0 is reserved for the primary block", at);
        }
        if (blockType == BlockType.PAYLOAD && blockNumber != 1) {
          throw new CborException(
              "the payload block must be block number 1, not " + Long.toUnsignedString(blockNumber),
              at);
        }
        field = F_BLOCK_FLAGS;
        BlockProcessingFlags blockFlags = new BlockProcessingFlags(r.readUnsigned());
        field = F_CRC_TYPE;
        CrcType blockCrc = readCrcType(r);
        if (blockElements != CborReader.INDEFINITE
            && blockElements != (blockCrc == CrcType.NONE ? 5 : 6)) {
          throw new CborException(
              "a block with CRC type "
                  + blockCrc.code()
                  + " has "
                  + (blockCrc == CrcType.NONE ? 5 : 6)
                  + " elements, found "
                  + blockElements,
              blockStart - bundleStart);
        }
        field = F_DATA;
        int dataLength = r.readByteStringHeader();
        int dataIndex = in.readerIndex();
        in.skipBytes(dataLength);
        field = F_CRC;
        int blockCrcIndex = readCrcValueHeader(r, blockCrc);
        if (blockElements == CborReader.INDEFINITE) {
          field = F_BLOCK_ARRAY;
          expectBreak(r, "block");
        }
        int blockEnd = in.readerIndex();
        checkCrc(in, blockCrc, blockStart, blockEnd, blockCrcIndex, bundleStart);
        ByteBuffer data =
            ByteBuffer.wrap(array, dataIndex - bundleStart + arrayBase, dataLength)
                .slice()
                .asReadOnlyBuffer();
        blocks.add(new CanonicalBlock(blockType, blockNumber, blockFlags, blockCrc, data));
        int i = blocks.size();
        if (2 * i + 2 > extents.length) {
          extents = java.util.Arrays.copyOf(extents, extents.length * 2);
          offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
        }
        extents[2 * i] = blockStart - bundleStart + arrayBase;
        extents[2 * i + 1] = blockEnd - bundleStart + arrayBase;
        offsets[i] = blockStart - bundleStart;
      }
      blockType = -1;
      field = null;
      if (extents.length != 2 + 2 * blocks.size()) {
        extents = java.util.Arrays.copyOf(extents, 2 + 2 * blocks.size());
      }
      Bundle.validate(primary, blocks, offsets);
      return Bundle.decoded(primary, blocks, array, extents);
    } catch (CborException e) {
      String block =
          blockType == -1 && field == F_BUNDLE_ARRAY
              ? BUNDLE
              : blockType == -2
                  ? PRIMARY
                  : blockType == -1
                      ? "block at byte offset " + (blockStart - bundleStart)
                      : CanonicalBlock.describe(blockType, blockNumber);
      StatusReportReason reason =
          field == F_DESTINATION
              ? StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE
              : StatusReportReason.BLOCK_UNINTELLIGIBLE;
      throw new BundleFormatException(block, field, e.offset(), e.problem(), reason);
    } catch (IndexOutOfBoundsException e) {
      // CborReader checks lengths before reading; this is a last line of defence that keeps the
      // exception type.
      throw new BundleFormatException(
          BUNDLE,
          field,
          in.readerIndex() - bundleStart,
          "truncated: " + e.getMessage(),
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
  }

  private static CrcType readCrcType(CborReader r) {
    int at = r.offset();
    long code = r.readUnsigned();
    CrcType type = CrcType.fromCode(code);
    if (type == null) {
      throw new CborException("unknown CRC type " + Long.toUnsignedString(code), at);
    }
    return type;
  }

  /**
   * Reads the CRC byte string header, checks its length, and returns the index of the CRC value (or
   * -1).
   */
  private static int readCrcValueHeader(CborReader r, CrcType type) {
    if (type == CrcType.NONE) {
      return -1;
    }
    int at = r.offset();
    int length = r.readByteStringHeader();
    if (length != type.valueLength()) {
      throw new CborException(
          "a "
              + type
              + " value is a byte string of "
              + type.valueLength()
              + " bytes, found "
              + length,
          at);
    }
    int index = r.buffer().readerIndex();
    r.buffer().skipBytes(length);
    return index;
  }

  private static void expectBreak(CborReader r, String what) {
    int at = r.offset();
    if (!r.readBreakIfPresent()) {
      throw new CborException("the indefinite-length " + what + " array has extra elements", at);
    }
  }

  private static void checkCrc(
      ByteBuf in, CrcType type, int start, int end, int valueIndex, int bundleStart) {
    if (type == CrcType.NONE) {
      return;
    }
    long computed = Crc.compute(type, in, start, end, valueIndex);
    long found =
        type == CrcType.CRC32C ? in.getUnsignedInt(valueIndex) : in.getUnsignedShort(valueIndex);
    if (computed != found) {
      throw new CborException(
          type
              + " mismatch: the block carries 0x"
              + Long.toHexString(found)
              + ", its bytes give 0x"
              + Long.toHexString(computed),
          valueIndex - bundleStart);
    }
  }

  /** Encodes {@code bundle} into a new array. */
  public byte[] encode(Bundle bundle) {
    ByteBuf out = Unpooled.buffer(estimateSize(bundle));
    encode(bundle, out);
    return out.array().length == out.readableBytes()
        ? out.array()
        : java.util.Arrays.copyOf(out.array(), out.readableBytes());
  }

  /** Appends the encoding of {@code bundle} to {@code out}. */
  public void encode(Bundle bundle, ByteBuf out) {
    CborWriter.writeIndefiniteArrayStart(out);
    int[] extents = bundle.extents;
    if (extents != null && extents[0] >= 0) {
      out.writeBytes(bundle.source, extents[0], extents[1] - extents[0]);
    } else {
      writePrimary(bundle.primary(), out);
    }
    List<CanonicalBlock> blocks = bundle.blocks();
    for (int i = 0, n = blocks.size(); i < n; i++) {
      if (extents != null && extents[2 * i + 2] >= 0) {
        out.writeBytes(bundle.source, extents[2 * i + 2], extents[2 * i + 3] - extents[2 * i + 2]);
      } else {
        writeBlock(blocks.get(i), out);
      }
    }
    CborWriter.writeBreak(out);
  }

  /** An upper bound of the encoded size, for sizing buffers. */
  public static int estimateSize(Bundle bundle) {
    long size = 2 + 200;
    for (CanonicalBlock b : bundle.blocks()) {
      size += 40 + b.dataLength();
    }
    return (int) Math.min(size, Integer.MAX_VALUE - 8);
  }

  /** Writes a primary block in canonical form, computing its CRC. */
  public static void writePrimary(PrimaryBlock p, ByteBuf out) {
    int start = out.writerIndex();
    CborWriter.writeArrayHeader(out, p.elementCount());
    CborWriter.writeUnsigned(out, PrimaryBlock.VERSION);
    CborWriter.writeUnsigned(out, p.flags().bits());
    CborWriter.writeUnsigned(out, p.crcType().code());
    p.destination().writeTo(out);
    p.source().writeTo(out);
    p.reportTo().writeTo(out);
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, p.creationTimestamp().creationTimeMillis());
    CborWriter.writeUnsigned(out, p.creationTimestamp().sequenceNumber());
    CborWriter.writeUnsigned(out, p.lifetimeMillis());
    if (p.isFragment()) {
      CborWriter.writeUnsigned(out, p.fragmentOffset());
      CborWriter.writeUnsigned(out, p.totalAduLength());
    }
    writeCrc(out, p.crcType(), start);
  }

  /** Writes a canonical block in canonical form, computing its CRC. */
  public static void writeBlock(CanonicalBlock b, ByteBuf out) {
    int start = out.writerIndex();
    CborWriter.writeArrayHeader(out, b.crcType() == CrcType.NONE ? 5 : 6);
    CborWriter.writeUnsigned(out, b.type());
    CborWriter.writeUnsigned(out, b.number());
    CborWriter.writeUnsigned(out, b.flags().bits());
    CborWriter.writeUnsigned(out, b.crcType().code());
    CborWriter.writeByteString(out, b.data());
    writeCrc(out, b.crcType(), start);
  }

  private static void writeCrc(ByteBuf out, CrcType type, int blockStart) {
    if (type == CrcType.NONE) {
      return;
    }
    CborWriter.writeByteStringHeader(out, type.valueLength());
    int valueIndex = out.writerIndex();
    if (type == CrcType.CRC32C) {
      out.writeInt(0);
      out.setInt(
          valueIndex, (int) Crc.compute(type, out, blockStart, out.writerIndex(), valueIndex));
    } else {
      out.writeShort(0);
      out.setShort(
          valueIndex, (int) Crc.compute(type, out, blockStart, out.writerIndex(), valueIndex));
    }
  }
}
