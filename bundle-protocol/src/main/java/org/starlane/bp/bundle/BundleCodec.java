package org.starlane.bp.bundle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.EndpointIdFormatException;

/**
 * Encodes and decodes BPv7 bundles (RFC 9171 §4).
 *
 * <pre>
 *   bundle = [_ primary-block, *extension-block, payload-block ]   -- indefinite-length array, then "break" (0xFF)
 * </pre>
 *
 * <p><b>Decoding</b> validates everything RFC 9171 §4 requires (see {@link Bundle#of}) and throws
 * {@link BundleFormatException} naming the block, the field and the byte offset of the field's CBOR
 * item (from the start of the bundle); no other exception escapes for any input. A definite-length
 * outer array is accepted too (RFC 9171 §4.1 allows a node to accept it) and blocks may be
 * definite- or indefinite-length arrays (§4.1: indefinite-length items are not prohibited).
 * Integers in a longer-than-needed form are accepted and, like every other byte of a block the
 * bundle's user does not change, re-encoded unchanged. Block data, payload included, are views on
 * the decoded bytes: {@link #decode(byte[])} and {@link #decode(ByteBuffer)} (heap) copy nothing,
 * so the caller must not modify those bytes afterwards. {@link #decode(ByteBuf)} copies the
 * readable bytes once, so the bundle does not depend on a (possibly pooled) network buffer.
 *
 * <p><b>Encoding</b> writes the canonical form (indefinite outer array, definite blocks, shortest
 * integers) and copies the original bytes of every block that a decoded bundle has not changed.
 *
 * <p>Thread-safe: the codec is stateless apart from its limits.
 */
public final class BundleCodec {
  /** A codec with {@link CborLimits#DEFAULT}. */
  public static final BundleCodec DEFAULT = new BundleCodec(CborLimits.DEFAULT);

  static final String BUNDLE = "bundle";
  static final String PRIMARY = "primary block";

  static final String F_BUNDLE_ARRAY = "bundle array";
  static final String F_BLOCK_ARRAY = "block array";
  static final String F_VERSION = "version";
  static final String F_BUNDLE_FLAGS = "bundle processing control flags";
  static final String F_CRC_TYPE = "CRC type";
  static final String F_DESTINATION = "destination EID";
  static final String F_SOURCE = "source node ID";
  static final String F_REPORT_TO = "report-to EID";
  static final String F_CREATION = "creation timestamp";
  static final String F_LIFETIME = "lifetime";
  static final String F_FRAGMENT_OFFSET = "fragment offset";
  static final String F_TOTAL_ADU = "total application data unit length";
  static final String F_CRC = "CRC";
  static final String F_TYPE = "block type code";
  static final String F_NUMBER = "block number";
  static final String F_BLOCK_FLAGS = "block processing control flags";
  static final String F_DATA = "block-type-specific data";

  /** What the decoder is reading, for naming the block in an error. */
  private static final int IN_BUNDLE = 0;

  private static final int IN_PRIMARY = 1;
  private static final int IN_BLOCK_HEADER = 2; // a canonical block whose number is not known yet
  private static final int IN_BLOCK = 3;

  private final CborLimits limits;

  public BundleCodec(CborLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
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
    return decodeWhole(bytes, offset, length, null);
  }

  /** Decodes a whole bundle in {@code bytes}; see {@link #decodeFrom} for {@code external}. */
  private Bundle decodeWhole(byte[] bytes, int offset, int length, PayloadFile external) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes, offset, length);
    Bundle bundle = decodeFrom(in, bytes, offset, external, false);
    if (in.isReadable()) {
      throw new BundleFormatException(
          BUNDLE,
          F_BUNDLE_ARRAY,
          in.readerIndex(),
          in.readableBytes() + " bytes follow the end of the bundle",
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
    return bundle;
  }

  /**
   * Decodes a leading part of an encoded bundle, {@code bytes[offset, offset + length)}, for
   * example what arrived of a transfer that a dropped connection cut short, and returns the
   * fragment it makes (reactive fragmentation, RFC 9171 §5.8; RFC 9174 §3.2): the prefix's primary
   * block as a fragment's (the "is a fragment" flag, fragment offset and total ADU length relative
   * to the original ADU, a new CRC when encoded), every extension block of the prefix with its
   * original encoding, and a payload block holding exactly the payload octets that arrived (a view
   * on {@code bytes}; a new CRC when encoded).
   *
   * <p>The prefix must hold the whole primary block, with a valid CRC if it has one, every block
   * before the payload block whole and valid (CRCs checked), the payload block's header and at
   * least one payload octet, and the bundle must not be flagged "must not be fragmented". A
   * fragment holds fewer payload octets than its bundle (§5.8: 0 &lt; N &lt; M): when all of them
   * arrived but not the block's CRC or the bundle's end, the fragment holds all but the last. The
   * payload block's own CRC cannot be checked (its value follows the data that were cut): payload
   * octets corrupted in transit would go undetected, so this is for convergence layers whose
   * transport protects integrity (TCP, TLS).
   *
   * @throws BundleFormatException for a prefix that cannot become a fragment: malformed (as {@link
   *     #decode(byte[])} would say, including a cut inside a block before the payload's data), cut
   *     before the first payload octet, of a one-octet payload, or of a bundle that must not be
   *     fragmented; the message says which. No other exception escapes for any input.
   */
  public Bundle decodePrefix(byte[] bytes, int offset, int length) {
    return decodeFrom(Unpooled.wrappedBuffer(bytes, offset, length), bytes, offset, null, true);
  }

  /** {@link #decodePrefix(byte[], int, int)} of all of {@code bytes}. */
  public Bundle decodePrefix(byte[] bytes) {
    return decodePrefix(bytes, 0, bytes.length);
  }

  /**
   * The number of octets in {@code bundle}'s encoding ({@link #encode(Bundle)}, or {@link
   * #encode(Bundle, OutputStream)} for a file-backed payload) before the first octet of the payload
   * block's data: the primary block, every other block, and the payload block's header. A peer that
   * acknowledged {@code n} leading octets of a transfer of this encoding holds {@code n - } this
   * many payload octets, if that is positive.
   */
  public static long payloadDataOffset(Bundle bundle) {
    List<CanonicalBlock> blocks = bundle.blocks();
    int last = blocks.size() - 1;
    int[] extents = bundle.extents;
    if (extents == null || extents[2 * last + 2] < 0 || bundle.payloadBlock().isFileBacked()) {
      // the payload block is encoded canonically, as the head of a streamed encoding is
      ByteBuf head = CborWriter.newHeapBuffer(estimateHeadSize(bundle));
      writeHead(bundle, head);
      return head.writerIndex();
    }
    long before = 1; // the indefinite-length array's initial byte
    before += extents[0] >= 0 ? extents[1] - extents[0] : primarySize(bundle.primary());
    for (int i = 0; i < last; i++) {
      before +=
          extents[2 * i + 2] >= 0
              ? extents[2 * i + 3] - extents[2 * i + 2]
              : blockSize(blocks.get(i));
    }
    // the payload block keeps its original encoding: find its data in it
    int start = extents[2 * last + 2];
    ByteBuf original = Unpooled.wrappedBuffer(bundle.source, start, extents[2 * last + 3] - start);
    CborReader r = new CborReader(original, CborLimits.DEFAULT);
    r.readArrayHeader();
    for (int field = 0; field < 4; field++) {
      r.readUnsigned(); // type, number, flags, CRC type
    }
    r.readByteStringHeader();
    return before + r.offset();
  }

  private static int primarySize(PrimaryBlock primary) {
    ByteBuf out = CborWriter.newHeapBuffer(128);
    writePrimary(primary, out);
    return out.writerIndex();
  }

  private static int blockSize(CanonicalBlock block) {
    ByteBuf out = CborWriter.newHeapBuffer(64 + block.dataLength());
    writeBlock(block, out);
    return out.writerIndex();
  }

  /**
   * Decodes one bundle that fills the remaining bytes of {@code bytes} exactly, without copying
   * when it is a writable heap buffer. Does not move {@code bytes}' position.
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
   * stay unread, and on failure the reader index does not move. The readable bytes are copied once,
   * so the result never refers to {@code in}'s memory. Convergence layers hand over one bundle per
   * buffer, the fast case; when more bytes follow the bundle, its own bytes are copied again so the
   * bundle does not keep the rest alive (a caller with many bundles in one large buffer should
   * frame them and use {@link #decode(byte[], int, int)}).
   */
  public Bundle decode(ByteBuf in) {
    byte[] copy = ByteBufUtil.getBytes(in, in.readerIndex(), in.readableBytes());
    ByteBuf view = Unpooled.wrappedBuffer(copy);
    Bundle bundle = decodeFrom(view, copy, 0, null, false);
    int consumed = view.readerIndex();
    if (consumed < copy.length) {
      bundle = decode(Arrays.copyOf(copy, consumed));
    }
    in.skipBytes(consumed);
    return bundle;
  }

  /**
   * Decodes from {@code in}, whose byte at the reader index is {@code array[arrayBase]}. Offsets in
   * errors are relative to that reader index.
   *
   * <p>{@code external}, when not null, is the data of the (first) payload block, streamed into a
   * file by {@link BundleStreamReader}, which verified that block's CRC over the original bytes; in
   * {@code in} the block's data is an empty byte string. The block becomes file-backed and loses
   * its original encoding (it is re-encoded, with the same CRC, when the bundle is).
   *
   * <p>{@code prefix}: {@code in} holds only a leading part of an encoded bundle, and the result is
   * the fragment made of it ({@link #decodePrefix(byte[], int, int)}): decoding stops in the
   * payload block's data.
   */
  private Bundle decodeFrom(
      ByteBuf in, byte[] array, int arrayBase, PayloadFile external, boolean prefix) {
    final int bundleStart = in.readerIndex();
    final int shift = arrayBase - bundleStart; // buffer index + shift = array index
    CborReader r = new CborReader(in, limits, bundleStart);
    int where = IN_BUNDLE;
    String field = F_BUNDLE_ARRAY;
    long blockType = 0;
    long blockNumber = 0;
    int blockStart = bundleStart;
    try {
      int count = r.readArrayHeader();
      if (count != CborReader.INDEFINITE && count < 2) {
        throw new CborException(
            "a bundle is an array of at least 2 blocks (primary and payload), found " + count, 0);
      }

      // --- primary block (RFC 9171 §4.3.1) ---
      where = IN_PRIMARY;
      field = F_BLOCK_ARRAY;
      blockStart = in.readerIndex();
      int[] at = new int[Bundle.AT_BLOCKS + Bundle.BLOCK_STRIDE * 4];
      at[Bundle.AT_PRIMARY] = blockStart - bundleStart;
      int elements = r.readArrayHeader();
      if (elements != CborReader.INDEFINITE && (elements < 8 || elements > 11)) {
        throw new CborException(
            "the primary block is an array of 8 to 11 elements, found " + elements,
            at[Bundle.AT_PRIMARY]);
      }
      field = F_VERSION;
      int pos = r.offset();
      long version = r.readUnsigned();
      if (version != PrimaryBlock.VERSION) {
        throw new CborException(
            "version " + Long.toUnsignedString(version) + " is not BPv7 (7)", pos);
      }
      field = F_BUNDLE_FLAGS;
      int flagsAt = r.offset();
      BundleProcessingFlags flags = BundleProcessingFlags.of(r.readUnsigned());
      field = F_CRC_TYPE;
      at[Bundle.AT_CRC_TYPE] = r.offset();
      CrcType crcType = readCrcType(r);
      field = F_DESTINATION;
      EndpointId destination = EndpointId.readFrom(r);
      field = F_SOURCE;
      EndpointId source = EndpointId.readFrom(r);
      field = F_REPORT_TO;
      EndpointId reportTo = EndpointId.readFrom(r);
      field = F_CREATION;
      at[Bundle.AT_CREATION] = r.offset();
      boolean indefinitePair = ExtensionBlocks.readPairHeader(r, F_CREATION);
      CreationTimestamp creation = new CreationTimestamp(r.readUnsigned(), r.readUnsigned());
      if (indefinitePair) {
        expectBreak(r, F_CREATION);
      }
      field = F_LIFETIME;
      long lifetime = r.readUnsigned();
      field = F_FRAGMENT_OFFSET;
      at[Bundle.AT_FRAGMENT_OFFSET] = r.offset();
      if (elements != CborReader.INDEFINITE) {
        int fragmentFields = elements - 8 - (crcType == CrcType.NONE ? 0 : 1);
        if (fragmentFields != (flags.isFragment() ? 2 : 0)) {
          if (fragmentFields != 0 && fragmentFields != 2) {
            field = F_BLOCK_ARRAY;
          }
          throw primaryElementCountMismatch(elements, flags, crcType, fragmentFields, at);
        }
      } else if (!flags.isFragment()
          && r.isReadable()
          && r.peekMajorType() == CborReader.MAJOR_UNSIGNED) {
        throw new CborException(
            "the primary block has a fragment offset but the fragment flag is not set",
            at[Bundle.AT_FRAGMENT_OFFSET]);
      }
      long fragmentOffset = 0;
      long totalAdu = 0;
      if (flags.isFragment()) {
        fragmentOffset = r.readUnsigned();
        field = F_TOTAL_ADU;
        totalAdu = r.readUnsigned();
      }
      field = F_CRC;
      int crcAt = r.offset();
      int crcValueIndex = readCrcValueHeader(r, crcType);
      if (elements == CborReader.INDEFINITE) {
        field = F_BLOCK_ARRAY;
        expectBreak(r, "primary block");
      }
      int primaryEnd = in.readerIndex();
      field = F_CRC;
      checkCrc(in, crcType, blockStart, primaryEnd, crcValueIndex, crcAt);
      field = F_BUNDLE_FLAGS;
      String problem = PrimaryBlock.flagsViolation(flags, source);
      if (problem != null) {
        throw new CborException(problem, flagsAt);
      }
      field = null;
      PrimaryBlock primary =
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
      if (prefix && flags.mustNotFragment()) {
        field = F_BUNDLE_FLAGS;
        throw new CborException(
            "the bundle must not be fragmented (RFC 9171 §4.2.3), so a prefix of it cannot be kept"
                + " as a fragment",
            flagsAt);
      }

      // --- canonical blocks (RFC 9171 §4.3.2) ---
      List<CanonicalBlock> blocks = new ArrayList<>(4);
      int[] extents = new int[2 + 2 * 4];
      extents[0] = blockStart + shift;
      extents[1] = primaryEnd + shift;
      ByteBuffer readOnlyArray = null; // block data are slices of this
      int read = 1;
      while (true) {
        where = IN_BUNDLE;
        field = F_BUNDLE_ARRAY;
        pos = r.offset();
        if (count == CborReader.INDEFINITE ? r.readBreakIfPresent() : read == count) {
          at[Bundle.AT_END] = pos;
          break;
        }
        read++;
        int i = blocks.size();
        if (i >= limits.maxArrayLength()) {
          throw new CborException("more than " + limits.maxArrayLength() + " blocks", pos);
        }
        if (2 * i + 4 > extents.length) {
          extents = Arrays.copyOf(extents, extents.length * 2);
        }
        int b = Bundle.AT_BLOCKS + Bundle.BLOCK_STRIDE * i;
        if (b + Bundle.BLOCK_STRIDE > at.length) {
          at = Arrays.copyOf(at, at.length * 2);
        }
        where = IN_BLOCK_HEADER;
        field = F_BLOCK_ARRAY;
        blockStart = in.readerIndex();
        at[b] = pos;
        int blockElements = r.readArrayHeader();
        if (blockElements != CborReader.INDEFINITE && blockElements != 5 && blockElements != 6) {
          throw new CborException(
              "a canonical block is an array of 5 or 6 elements, found " + blockElements, pos);
        }
        field = F_TYPE;
        at[b + Bundle.AT_TYPE] = r.offset();
        blockType = r.readUnsigned();
        field = F_NUMBER;
        pos = r.offset();
        at[b + Bundle.AT_NUMBER] = pos;
        blockNumber = r.readUnsigned();
        where = IN_BLOCK;
        if (blockNumber == 0) {
          throw new CborException("block number 0 is reserved for the primary block", pos);
        }
        if (blockType == BlockType.PAYLOAD && blockNumber != 1) {
          throw new CborException(
              "the payload block must be block number 1, not " + Long.toUnsignedString(blockNumber),
              pos);
        }
        field = F_BLOCK_FLAGS;
        at[b + Bundle.AT_FLAGS] = r.offset();
        BlockProcessingFlags blockFlags = BlockProcessingFlags.of(r.readUnsigned());
        field = F_CRC_TYPE;
        CrcType blockCrc = readCrcType(r);
        field = F_DATA;
        if (prefix && blockType == BlockType.PAYLOAD) {
          if (readOnlyArray == null) {
            readOnlyArray = ByteBuffer.wrap(array).asReadOnlyBuffer();
          }
          checkBlockElementCount(blockElements, blockCrc, r.offset());
          long declared = r.readByteStringLength();
          int dataIndex = in.readerIndex();
          at[b + Bundle.AT_DATA] = dataIndex - bundleStart;
          int received =
              (int)
                  Math.min(
                      Long.compareUnsigned(declared, Integer.MAX_VALUE) > 0
                          ? Integer.MAX_VALUE
                          : declared,
                      in.readableBytes());
          blocks.add(
              new CanonicalBlock(
                  blockType,
                  blockNumber,
                  blockFlags,
                  blockCrc,
                  readOnlyArray.slice(dataIndex + shift, received)));
          extents = Arrays.copyOf(extents, 2 + 2 * blocks.size());
          extents[0] = -1; // the fragment's primary block is a new one
          extents[extents.length - 2] = -1;
          extents[extents.length - 1] = -1;
          at[Bundle.AT_END] = dataIndex + received - bundleStart;
          return prefixFragment(primary, blocks, declared, array, extents, at);
        }
        int dataLength = r.readByteStringHeader();
        int dataIndex = in.readerIndex();
        at[b + Bundle.AT_DATA] = dataIndex - bundleStart;
        in.skipBytes(dataLength);
        field = F_CRC;
        crcAt = r.offset();
        checkBlockElementCount(blockElements, blockCrc, crcAt);
        int blockCrcIndex = readCrcValueHeader(r, blockCrc);
        if (blockElements == CborReader.INDEFINITE) {
          field = F_BLOCK_ARRAY;
          expectBreak(r, "canonical block");
        }
        int blockEnd = in.readerIndex();
        field = F_CRC;
        if (readOnlyArray == null) {
          readOnlyArray = ByteBuffer.wrap(array).asReadOnlyBuffer();
        }
        if (external != null && blockType == BlockType.PAYLOAD) {
          // streamed: the CRC was checked over the original bytes while streaming
          blocks.add(
              new CanonicalBlock(
                  blockType,
                  blockNumber,
                  blockFlags,
                  blockCrc,
                  readOnlyArray.slice(dataIndex + shift, 0),
                  external));
          external = null;
          extents[2 * i + 2] = -1;
          extents[2 * i + 3] = -1;
          continue;
        }
        checkCrc(in, blockCrc, blockStart, blockEnd, blockCrcIndex, crcAt);
        blocks.add(
            new CanonicalBlock(
                blockType,
                blockNumber,
                blockFlags,
                blockCrc,
                readOnlyArray.slice(dataIndex + shift, dataLength)));
        extents[2 * i + 2] = blockStart + shift;
        extents[2 * i + 3] = blockEnd + shift;
      }
      if (extents.length != 2 + 2 * blocks.size()) {
        extents = Arrays.copyOf(extents, 2 + 2 * blocks.size());
      }
      Bundle.validate(primary, blocks, at);
      return Bundle.decoded(primary, blocks, array, extents);
    } catch (CborException e) {
      throw new BundleFormatException(
          describe(where, blockType, blockNumber, blockStart - bundleStart),
          field,
          e.offset(),
          e.problem(),
          field == F_DESTINATION
              ? StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE
              : StatusReportReason.BLOCK_UNINTELLIGIBLE);
    } catch (IndexOutOfBoundsException | IllegalArgumentException | EndpointIdFormatException e) {
      // Last line of defence: the checks above should make these impossible. The cause is kept so
      // that a test can tell such a leak from a deliberate rejection.
      throw new BundleFormatException(
          describe(where, blockType, blockNumber, blockStart - bundleStart),
          field,
          in.readerIndex() - bundleStart,
          "undecodable: " + e,
          StatusReportReason.BLOCK_UNINTELLIGIBLE,
          e);
    }
  }

  /** A definite-length canonical block has 6 elements with a CRC, 5 without (RFC 9171 §4.3.2). */
  private static void checkBlockElementCount(int blockElements, CrcType blockCrc, int at) {
    if (blockElements != CborReader.INDEFINITE
        && blockElements != (blockCrc == CrcType.NONE ? 5 : 6)) {
      throw new CborException(
          "a block with CRC type "
              + blockCrc.code()
              + " is an array of "
              + (blockCrc == CrcType.NONE ? 5 : 6)
              + " elements, found "
              + blockElements,
          at);
    }
  }

  /**
   * The fragment that a decoded prefix makes (RFC 9171 §5.8): {@code blocks} end with the payload
   * block holding the payload octets that arrived, of {@code declared} in all. Its offset and total
   * ADU length are relative to the original ADU (a prefix of a fragment stays within that
   * fragment's extent). When every payload octet arrived (only the block's CRC or the bundle's end
   * is missing), the fragment holds all but the last: a fragment holds 0 &lt; N &lt; M of them.
   * Throws {@link CborException} when the prefix holds no payload octet (or the payload is one
   * octet long and arrived), {@link BundleFormatException} when the fragment breaks a rule of RFC
   * 9171 §4.
   */
  private static Bundle prefixFragment(
      PrimaryBlock primary,
      List<CanonicalBlock> blocks,
      long declared,
      byte[] array,
      int[] extents,
      int[] at) {
    CanonicalBlock payload = blocks.get(blocks.size() - 1);
    long received = payload.dataSizeBytes();
    int dataAt = at[Bundle.AT_BLOCKS + Bundle.BLOCK_STRIDE * (blocks.size() - 1) + Bundle.AT_DATA];
    if (received == 0) {
      throw new CborException(
          "the prefix ends before the first payload octet; a fragment needs at least one (RFC 9171"
              + " §5.8)",
          dataAt);
    }
    if (received == declared) {
      // only the block's CRC or the bundle's end is missing; a fragment holds fewer octets than
      // its bundle (§5.8: 0 < N < M), so keep all but the last, which the sender sends again
      if (declared < 2) {
        throw new CborException(
            "the payload's only octet arrived but the bundle did not end: a payload of one"
                + " octet cannot be fragmented (RFC 9171 §5.8: 0 < N < M)",
            dataAt + received);
      }
      payload = payload.withData(payload.data().slice(0, (int) declared - 1));
      blocks.set(blocks.size() - 1, payload);
    }
    long base = primary.isFragment() ? primary.fragmentOffset() : 0;
    long total = primary.isFragment() ? primary.totalAduLength() : declared;
    long end = base + declared;
    if (declared < 0 || end < 0 || Long.compareUnsigned(end, total) > 0) {
      throw new CborException(
          "payload length "
              + Long.toUnsignedString(declared)
              + (primary.isFragment()
                  ? " at fragment offset "
                      + Long.toUnsignedString(base)
                      + " exceeds the total application data unit length "
                      + Long.toUnsignedString(total)
                  : " is over 2^63 - 1"),
          dataAt);
    }
    PrimaryBlock fragment = primary.asFragment(base, total);
    Bundle.validate(fragment, blocks, at);
    return Bundle.decoded(fragment, blocks, array, extents);
  }

  private static String describe(int where, long type, long number, int blockOffset) {
    switch (where) {
      case IN_PRIMARY:
        return PRIMARY;
      case IN_BLOCK_HEADER:
        return "block at byte offset " + blockOffset;
      case IN_BLOCK:
        return CanonicalBlock.describe(type, number);
      default:
        return BUNDLE;
    }
  }

  /**
   * The error for a definite-length primary block whose element count disagrees with its fragment
   * flag or CRC type (RFC 9171 §4.3.1), found once the fields before the fragment offset are read.
   */
  private static CborException primaryElementCountMismatch(
      int elements, BundleProcessingFlags flags, CrcType crcType, int fragmentFields, int[] at) {
    String counted = " (" + elements + " elements with CRC type " + crcType.code() + ")";
    if (flags.isFragment() && fragmentFields == 0) {
      return new CborException(
          "the fragment flag is set but the primary block"
              + counted
              + " has no fragment offset and total application data unit length",
          at[Bundle.AT_FRAGMENT_OFFSET]);
    }
    if (!flags.isFragment() && fragmentFields == 2) {
      return new CborException(
          "the primary block"
              + counted
              + " has a fragment offset and total application data unit length but the fragment"
              + " flag is not set",
          at[Bundle.AT_FRAGMENT_OFFSET]);
    }
    return new CborException(
        "the primary block has "
            + elements
            + " elements but its fragment flag ("
            + flags.isFragment()
            + ") and CRC type ("
            + crcType.code()
            + ") require "
            + (8 + (flags.isFragment() ? 2 : 0) + (crcType == CrcType.NONE ? 0 : 1)),
        at[Bundle.AT_PRIMARY]);
  }

  private static CrcType readCrcType(CborReader r) {
    int at = r.offset();
    long code = r.readUnsigned();
    CrcType type = CrcType.fromCode(code);
    if (type == null) {
      throw new CborException(
          "unknown CRC type " + Long.toUnsignedString(code) + " (RFC 9171 §4.2.1 defines 0, 1, 2)",
          at);
    }
    return type;
  }

  /**
   * Reads the CRC byte string header, checks its length, and returns the buffer index of the CRC
   * value (or -1 for CRC type 0).
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

  static void expectBreak(CborReader r, String what) {
    int at = r.offset();
    if (!r.readBreakIfPresent()) {
      throw new CborException("the indefinite-length " + what + " array has extra elements", at);
    }
  }

  /** Checks the CRC of the block {@code [start, end)}; {@code crcAt} is the CRC item's offset. */
  private static void checkCrc(
      ByteBuf in, CrcType type, int start, int end, int valueIndex, int crcAt) {
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
          crcAt);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Streaming (large payloads: docs/bundle-protocol.md, "Large payloads")

  /**
   * Decodes one bundle from {@code in}, reading exactly its bytes (what follows stays unread; pass
   * a buffered stream: the CBOR heads are read a byte at a time). A payload block whose data is
   * longer than {@code fileThresholdBytes} is streamed into a new file in {@code payloadDirectory}
   * (sparse where it holds whole 64 KiB chunks of zeros) and the bundle's payload block is
   * file-backed ({@link CanonicalBlock#dataFile()}); its CRC is verified while streaming. The
   * caller owns that file: it deletes it when done with the bundle. Everything else is decoded and
   * validated by the in-memory decoder, so a bundle whose payload is not over the threshold decodes
   * exactly as {@link #decode(byte[])} decodes its bytes.
   *
   * <p>Memory: the heap holds at most {@code fileThresholdBytes} plus 1 MiB (the blocks other than
   * a streamed payload); a hostile length is never used to size a buffer: a declared payload length
   * over {@code maxPayloadBytes} is refused at once, and a stream that ends early is refused when
   * it ends. Offsets in errors count from the start of the stream, except in the in-memory
   * decoder's errors about bytes that follow a streamed payload's data (they count as if that data
   * were empty).
   *
   * @param fileThresholdBytes payload data longer than this go to a file; at most {@code
   *     Integer.MAX_VALUE} - 1 MiB - 16
   * @param maxPayloadBytes the longest payload data accepted
   * @throws BundleFormatException if the bytes are not a valid bundle (no file is left behind)
   * @throws IOException if reading {@code in} or writing the file fails
   */
  public Bundle decode(
      InputStream in, Path payloadDirectory, int fileThresholdBytes, long maxPayloadBytes)
      throws IOException {
    return new BundleStreamReader(in, limits, payloadDirectory, fileThresholdBytes, maxPayloadBytes)
        .read(this);
  }

  /**
   * Decodes one bundle from {@code in}, as {@link #decode(InputStream, Path, int, long)}; the
   * channel must be in blocking mode.
   */
  public Bundle decode(
      ReadableByteChannel in, Path payloadDirectory, int fileThresholdBytes, long maxPayloadBytes)
      throws IOException {
    return decode(
        Channels.newInputStream(in), payloadDirectory, fileThresholdBytes, maxPayloadBytes);
  }

  /** The second step of a streamed decode: the bundle's bytes without the streamed data. */
  Bundle decodeStreamed(byte[] bytes, PayloadFile external) {
    return decodeWhole(bytes, 0, bytes.length, external);
  }

  /**
   * Writes the encoding of {@code bundle} to {@code out}, of any size: a file-backed payload is
   * streamed from its file in 64 KiB chunks, its CRC computed on the way, so the heap holds only
   * the other blocks. For a bundle in memory this writes {@link #encode(Bundle)}'s bytes.
   *
   * @throws IOException if writing fails or the payload file is shorter than its region
   */
  public void encode(Bundle bundle, OutputStream out) throws IOException {
    CanonicalBlock payload = bundle.payloadBlock();
    if (!payload.isFileBacked()) {
      out.write(encode(bundle));
      return;
    }
    ByteBuf head = CborWriter.newHeapBuffer(estimateHeadSize(bundle));
    int payloadStart = writeHead(bundle, head);
    out.write(head.array(), head.arrayOffset(), head.writerIndex());
    Crc.Running crc = payload.crcType() == CrcType.NONE ? null : Crc.running(payload.crcType());
    if (crc != null) {
      crc.update(
          head.array(), head.arrayOffset() + payloadStart, head.writerIndex() - payloadStart);
    }
    payload.dataFile().writeTo(out, crc);
    ByteBuf tail = CborWriter.newHeapBuffer(8);
    writeTail(payload.crcType(), crc, tail);
    out.write(tail.array(), tail.arrayOffset(), tail.writerIndex());
  }

  /** Writes the encoding of {@code bundle} to {@code out} (blocking mode), as {@link #encode}. */
  public void encode(Bundle bundle, WritableByteChannel out) throws IOException {
    encode(bundle, Channels.newOutputStream(out));
  }

  /**
   * The length of {@code bundle}'s encoding, for bundles of any size (the payload is neither read
   * nor encoded: the cost is that of encoding the other blocks).
   */
  public static long encodedSizeBytes(Bundle bundle) {
    CanonicalBlock payload = bundle.payloadBlock();
    if (!payload.isFileBacked()) {
      // a decoded bundle whose blocks all keep their original encoding: add up, encode nothing
      int[] extents = bundle.extents;
      if (extents != null) {
        long size = 2; // indefinite-length array start and break
        for (int i = 0; i < extents.length && size >= 0; i += 2) {
          size = extents[i] < 0 ? -1 : size + extents[i + 1] - extents[i];
        }
        if (size >= 0) {
          return size;
        }
      }
    }
    ByteBuf head = CborWriter.newHeapBuffer(estimateHeadSize(bundle));
    writeHead(bundle, head);
    return head.writerIndex()
        + payload.dataSizeBytes()
        + (payload.crcType() == CrcType.NONE ? 0 : 1 + payload.crcType().valueLength())
        + 1;
  }

  /** An estimate of the size of what {@link #writeHead} writes. */
  private static int estimateHeadSize(Bundle bundle) {
    int[] extents = bundle.extents;
    long size = 2 + 40;
    size += extents != null && extents[0] >= 0 ? extents[1] - extents[0] : 200;
    List<CanonicalBlock> blocks = bundle.blocks();
    for (int i = 0, n = blocks.size() - 1; i < n; i++) {
      size +=
          extents != null && extents[2 * i + 2] >= 0
              ? extents[2 * i + 3] - extents[2 * i + 2]
              : 40 + blocks.get(i).dataSizeBytes();
    }
    return (int) Math.min(size, Integer.MAX_VALUE - 8);
  }

  /**
   * Writes a bundle with a file-backed payload up to and including the payload data's byte string
   * header; returns where the payload block starts in {@code out}.
   */
  private static int writeHead(Bundle bundle, ByteBuf out) {
    CborWriter.writeIndefiniteArrayStart(out);
    int[] extents = bundle.extents;
    if (extents != null && extents[0] >= 0) {
      out.writeBytes(bundle.source, extents[0], extents[1] - extents[0]);
    } else {
      writePrimary(bundle.primary(), out);
    }
    List<CanonicalBlock> blocks = bundle.blocks();
    int last = blocks.size() - 1;
    for (int i = 0; i < last; i++) {
      if (extents != null && extents[2 * i + 2] >= 0) {
        out.writeBytes(bundle.source, extents[2 * i + 2], extents[2 * i + 3] - extents[2 * i + 2]);
      } else {
        writeBlock(blocks.get(i), out);
      }
    }
    CanonicalBlock b = blocks.get(last);
    int start = out.writerIndex();
    CborWriter.writeArrayHeader(out, b.crcType() == CrcType.NONE ? 5 : 6);
    CborWriter.writeUnsigned(out, b.type());
    CborWriter.writeUnsigned(out, b.number());
    CborWriter.writeUnsigned(out, b.flags().bits());
    CborWriter.writeUnsigned(out, b.crcType().code());
    CborWriter.writeByteStringHeader(out, b.dataSizeBytes());
    return start;
  }

  /** The payload block's CRC (fed with the block's other bytes already) and the final break. */
  private static void writeTail(CrcType type, Crc.Running crc, ByteBuf out) {
    if (type != CrcType.NONE) {
      CborWriter.writeByteStringHeader(out, type.valueLength());
      crc.update(out.array(), out.arrayOffset(), out.writerIndex());
      crc.updateZeros(type.valueLength());
      if (type == CrcType.CRC32C) {
        out.writeInt((int) crc.value());
      } else {
        out.writeShort((int) crc.value());
      }
    }
    CborWriter.writeBreak(out);
  }

  /**
   * Encodes {@code bundle} into a new array.
   *
   * @throws IllegalStateException if its payload is in a file ({@link
   *     CanonicalBlock#isFileBacked()}): use {@link #encode(Bundle, OutputStream)}
   */
  public byte[] encode(Bundle bundle) {
    ByteBuf out = CborWriter.newHeapBuffer(estimateSize(bundle));
    encode(bundle, out);
    return out.array().length == out.readableBytes()
        ? out.array()
        : Arrays.copyOf(out.array(), out.readableBytes());
  }

  /**
   * Appends the encoding of {@code bundle} to {@code out}.
   *
   * @throws IllegalStateException if its payload is in a file: use {@link #encode(Bundle,
   *     OutputStream)}
   */
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

  /**
   * An estimate of the encoded size, for sizing buffers: exact for blocks that keep their original
   * encoding, generous for the others.
   */
  public static int estimateSize(Bundle bundle) {
    int[] extents = bundle.extents;
    long size = 2;
    size += extents != null && extents[0] >= 0 ? extents[1] - extents[0] : 200;
    List<CanonicalBlock> blocks = bundle.blocks();
    for (int i = 0, n = blocks.size(); i < n; i++) {
      size +=
          extents != null && extents[2 * i + 2] >= 0
              ? extents[2 * i + 3] - extents[2 * i + 2]
              : 40 + blocks.get(i).dataSizeBytes();
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
