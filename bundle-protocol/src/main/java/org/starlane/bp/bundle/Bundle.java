package org.starlane.bp.bundle;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.eid.EndpointId;

/**
 * A BPv7 bundle (RFC 9171 §4.1): a primary block and one or more canonical blocks, the payload
 * block last. Immutable and valid by construction: {@link #of} and the decoder check the rules of
 * RFC 9171 §4 and throw {@link BundleFormatException} otherwise.
 *
 * <p>Forwarding-friendly: a decoded bundle remembers the encoded bytes of every block, and the
 * {@code with...} methods that a relay uses (hop count, previous node, bundle age) forget only the
 * bytes of the block they change, so {@link BundleCodec#encode} re-encodes just that block and
 * copies the rest byte for byte.
 *
 * <p>Equality is by content (primary block and blocks, in order), not by encoding. Immutable and
 * thread-safe, as long as nobody writes to the bytes its block data view (see {@link
 * BundleCodec#decode(byte[])}).
 */
public final class Bundle {
  private final PrimaryBlock primary;
  private final List<CanonicalBlock> blocks;

  /** The encoded bundle the blocks were decoded from, or null; shared with edited copies. */
  final byte[] source;

  /**
   * Start and end (exclusive) in {@link #source} of the encoded primary block (index 0, 1) and of
   * each canonical block i (2i+2, 2i+3); -1 where a block has no original encoding. Null when there
   * is no source.
   */
  final int[] extents;

  /** {@link #id()}, computed on first use (a benign race: every thread computes the same value). */
  private BundleId id;

  private Bundle(PrimaryBlock primary, List<CanonicalBlock> blocks, byte[] source, int[] extents) {
    this.primary = primary;
    this.blocks = blocks;
    this.source = source;
    this.extents = extents;
  }

  /** A decoded bundle whose blocks the decoder validated, with their encodings. */
  static Bundle decoded(
      PrimaryBlock primary, List<CanonicalBlock> blocks, byte[] source, int[] extents) {
    return new Bundle(primary, Collections.unmodifiableList(blocks), source, extents);
  }

  /**
   * A bundle of these blocks, in this order (the payload block last). Checks the same rules as the
   * decoder (the rules within one block are already checked by {@link PrimaryBlock} and {@link
   * CanonicalBlock}): exactly one payload block, and it is last (§4.1); unique block numbers
   * (§4.1); at most one previous node, bundle age and hop count block, each with well-formed data
   * (§4.4); a CRC on the primary block unless a BIB targets it (§4.3.1); a bundle age block when
   * the creation time is 0 (§4.4.2); a fragment's payload within its total ADU length (§4.3.1); no
   * "report if unprocessable" block flag in an administrative record or anonymous bundle (§4.2.4).
   *
   * <p>The decoder applies its {@link org.starlane.bp.cbor.CborLimits} on top (longest string, most
   * blocks): those bound resources, they are not rules of RFC 9171.
   *
   * @throws BundleFormatException if RFC 9171 forbids the combination (with {@link
   *     BundleFormatException#NO_OFFSET})
   */
  public static Bundle of(PrimaryBlock primary, List<CanonicalBlock> blocks) {
    Objects.requireNonNull(primary, "primary");
    List<CanonicalBlock> copy = List.copyOf(blocks);
    validate(primary, copy, null);
    return new Bundle(primary, copy, null, null);
  }

  /** A bundle of a primary block and a payload block only. */
  public static Bundle of(PrimaryBlock primary, CanonicalBlock payload) {
    return of(primary, List.of(payload));
  }

  public PrimaryBlock primary() {
    return primary;
  }

  /** The canonical blocks in wire order; the last one is the payload block. */
  public List<CanonicalBlock> blocks() {
    return blocks;
  }

  public CanonicalBlock payloadBlock() {
    return blocks.get(blocks.size() - 1);
  }

  /**
   * A read-only view of the payload (the ADU, or a fragment of it).
   *
   * @throws IllegalStateException if the payload is in a file ({@link CanonicalBlock#dataFile()})
   */
  public ByteBuffer payload() {
    return payloadBlock().data();
  }

  public Optional<CanonicalBlock> block(long number) {
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (b.number() == number) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The first block of {@code type} in wire order. */
  public Optional<CanonicalBlock> firstBlockOfType(long type) {
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (b.type() == type) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /**
   * Blocks of types this implementation does not know; the agent applies their flags (RFC 9171 §5.6
   * step 4).
   */
  public List<CanonicalBlock> unknownBlocks() {
    List<CanonicalBlock> unknown = List.of();
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (!BlockType.isKnown(b.type())) {
        if (unknown.isEmpty()) {
          unknown = new ArrayList<>(2);
        }
        unknown.add(b);
      }
    }
    return unknown.isEmpty() ? unknown : Collections.unmodifiableList(unknown);
  }

  public Optional<HopCount> hopCount() {
    return firstBlockOfType(BlockType.HOP_COUNT).map(b -> ExtensionBlocks.readHopCount(b.data()));
  }

  public OptionalLong bundleAgeMillis() {
    Optional<CanonicalBlock> age = firstBlockOfType(BlockType.BUNDLE_AGE);
    return age.isPresent()
        ? OptionalLong.of(ExtensionBlocks.readBundleAgeMillis(age.get().data()))
        : OptionalLong.empty();
  }

  public Optional<EndpointId> previousNode() {
    return firstBlockOfType(BlockType.PREVIOUS_NODE)
        .map(b -> ExtensionBlocks.readPreviousNode(b.data()));
  }

  /**
   * The bundle's identity: source, creation timestamp and, for a fragment, offset and payload
   * length.
   */
  public BundleId id() {
    BundleId result = id;
    if (result == null) {
      boolean fragment = primary.isFragment();
      result =
          new BundleId(
              primary.source(),
              primary.creationTimestamp(),
              fragment,
              fragment ? primary.fragmentOffset() : 0,
              fragment ? payloadBlock().dataSizeBytes() : 0);
      id = result;
    }
    return result;
  }

  /**
   * This bundle with the Hop Count block set to {@code hopCount} (added before the payload if
   * absent).
   */
  public Bundle withHopCount(HopCount hopCount) {
    return withExtension(BlockType.HOP_COUNT, ExtensionBlocks.hopCountData(hopCount));
  }

  /** This bundle with the Bundle Age block set (added before the payload if absent). */
  public Bundle withBundleAgeMillis(long ageMillis) {
    return withExtension(BlockType.BUNDLE_AGE, ExtensionBlocks.bundleAgeData(ageMillis));
  }

  /**
   * This bundle with the Previous Node block naming {@code node} (added before the payload if
   * absent).
   */
  public Bundle withPreviousNode(EndpointId node) {
    return withExtension(BlockType.PREVIOUS_NODE, ExtensionBlocks.previousNodeData(node));
  }

  /**
   * This bundle with the data of its first block of {@code type} replaced by {@code data}, or with
   * a new block of that type (next free number, no flags, CRC-32C) added before the payload. For a
   * caller that sets the same data in many bundles, such as a forwarding node naming itself in the
   * previous node block: it encodes the data once, with {@link ExtensionBlocks}.
   */
  public Bundle withExtension(long type, ByteBuffer data) {
    Optional<CanonicalBlock> existing = firstBlockOfType(type);
    if (existing.isPresent()) {
      return withBlock(existing.get().withData(data));
    }
    return withBlock(
        new CanonicalBlock(
            type, nextFreeBlockNumber(), BlockProcessingFlags.NONE, CrcType.CRC32C, data));
  }

  /**
   * This bundle with {@code block} replacing the block of the same number, or inserted just before
   * the payload block if there is none. Only the changed block loses its original encoding.
   */
  public Bundle withBlock(CanonicalBlock block) {
    List<CanonicalBlock> list = new ArrayList<>(blocks);
    int[] newExtents = extents == null ? null : extents.clone();
    int index = indexOf(block.number());
    if (index >= 0) {
      list.set(index, block);
      if (newExtents != null) {
        newExtents[2 * index + 2] = -1;
        newExtents[2 * index + 3] = -1;
      }
    } else {
      index = list.size() - 1;
      list.add(index, block);
      if (newExtents != null) {
        int[] grown = new int[newExtents.length + 2];
        System.arraycopy(newExtents, 0, grown, 0, 2 * index + 2);
        grown[2 * index + 2] = -1;
        grown[2 * index + 3] = -1;
        System.arraycopy(
            newExtents, 2 * index + 2, grown, 2 * index + 4, newExtents.length - 2 * index - 2);
        newExtents = grown;
      }
    }
    List<CanonicalBlock> result = Collections.unmodifiableList(list);
    validate(primary, result, null, newExtents);
    return new Bundle(primary, result, source, newExtents);
  }

  /**
   * This bundle without the block numbered {@code number} (which must not be the payload block).
   */
  public Bundle withoutBlock(long number) {
    int index = indexOf(number);
    if (index < 0) {
      return this;
    }
    List<CanonicalBlock> list = new ArrayList<>(blocks);
    list.remove(index);
    int[] newExtents = null;
    if (extents != null) {
      newExtents = new int[extents.length - 2];
      System.arraycopy(extents, 0, newExtents, 0, 2 * index + 2);
      System.arraycopy(
          extents, 2 * index + 4, newExtents, 2 * index + 2, extents.length - 2 * index - 4);
    }
    List<CanonicalBlock> result = Collections.unmodifiableList(list);
    validate(primary, result, null, newExtents);
    return new Bundle(primary, result, source, newExtents);
  }

  /** This bundle with another primary block (which is then re-encoded). */
  public Bundle withPrimary(PrimaryBlock newPrimary) {
    int[] newExtents = extents == null ? null : extents.clone();
    if (newExtents != null) {
      newExtents[0] = -1;
      newExtents[1] = -1;
    }
    validate(newPrimary, blocks, null, newExtents);
    return new Bundle(newPrimary, blocks, source, newExtents);
  }

  /**
   * A block number for a new block: one above the highest in use (compared unsigned, at least 2),
   * or, if that would overflow, the lowest unused number from 2.
   */
  public long nextFreeBlockNumber() {
    long max = 1;
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (Long.compareUnsigned(b.number(), max) > 0) {
        max = b.number();
      }
    }
    if (max != -1L) {
      return max + 1;
    }
    for (long candidate = 2; ; candidate++) {
      if (indexOf(candidate) < 0) {
        return candidate;
      }
    }
  }

  private int indexOf(long number) {
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).number() == number) {
        return i;
      }
    }
    return -1;
  }

  /** Whether canonical block {@code index} (in wire order) still has its original encoding. */
  boolean hasOriginalEncoding(int index) {
    return extents != null && extents[2 * index + 2] >= 0;
  }

  // Layout of the offsets array that the decoder hands to validate(): byte offsets (from the start
  // of the bundle) of the items that the rules below blame.
  /** The primary block's array header. */
  static final int AT_PRIMARY = 0;

  /** The primary block's CRC type. */
  static final int AT_CRC_TYPE = 1;

  /** The primary block's creation timestamp. */
  static final int AT_CREATION = 2;

  /** The primary block's fragment offset (or where it would be). */
  static final int AT_FRAGMENT_OFFSET = 3;

  /** The end of the bundle array (its break stop code, if indefinite). */
  static final int AT_END = 4;

  /** Where canonical block i's offsets start: AT_BLOCKS + BLOCK_STRIDE * i. */
  static final int AT_BLOCKS = 5;

  static final int BLOCK_STRIDE = 5;

  // Within a canonical block's stride: the array header is at +0.
  static final int AT_TYPE = 1;
  static final int AT_NUMBER = 2;
  static final int AT_FLAGS = 3;

  /** The first byte of the block-type-specific data (after the byte string header). */
  static final int AT_DATA = 4;

  private static long offset(int[] at, int index) {
    return at == null ? BundleFormatException.NO_OFFSET : at[index];
  }

  private static long blockOffset(int[] at, int block, int field) {
    return at == null
        ? BundleFormatException.NO_OFFSET
        : at[AT_BLOCKS + BLOCK_STRIDE * block + field];
  }

  private static BundleFormatException unintelligible(
      String block, String field, long offset, String problem) {
    return new BundleFormatException(
        block, field, offset, problem, StatusReportReason.BLOCK_UNINTELLIGIBLE);
  }

  /**
   * Checks the rules of RFC 9171 §4 that span blocks, for {@link #of}, the {@code with...} methods
   * and the decoder. {@code at}, when not null, holds the byte offsets of the decoded items (see
   * {@link #AT_PRIMARY} and the constants after it) for error messages.
   */
  static void validate(PrimaryBlock primary, List<CanonicalBlock> blocks, int[] at) {
    validate(primary, blocks, at, null);
  }

  /**
   * {@link #validate(PrimaryBlock, List, int[])}, skipping the check of the data of extension
   * blocks that still have their original encoding in {@code unchanged} (extents as in {@link
   * #extents}): the decoder checked them already. Edits (forwarding adds a previous node block)
   * stay cheap.
   */
  private static void validate(
      PrimaryBlock primary, List<CanonicalBlock> blocks, int[] at, int[] unchanged) {
    int n = blocks.size();
    if (n == 0) {
      throw unintelligible(
          BundleCodec.BUNDLE,
          BundleCodec.F_BUNDLE_ARRAY,
          offset(at, AT_END),
          "a bundle needs at least one canonical block, the payload block (RFC 9171 §4.1)");
    }
    boolean hasBundleAge = false;
    boolean primaryTargetedByBib = false;
    boolean noReports = primary.flags().isAdministrativeRecord() || primary.source().isNull();
    for (int i = 0; i < n; i++) {
      CanonicalBlock b = blocks.get(i);
      if (b.isPayload() != (i == n - 1)) {
        throw unintelligible(
            b.describe(),
            BundleCodec.F_TYPE,
            blockOffset(at, i, AT_TYPE),
            !b.isPayload()
                ? "the last block must be the payload block (type 1) (RFC 9171 §4.1)"
                : blocks.get(n - 1).isPayload()
                    ? "a bundle has exactly one payload block, but block "
                        + (i + 1)
                        + " and block "
                        + n
                        + " in wire order are both payload blocks (RFC 9171 §4.1)"
                    : "the payload block must be the last block, but "
                        + (n - 1 - i)
                        + " follow it (RFC 9171 §4.1)");
      }
      if (noReports && b.flags().reportIfUnprocessable()) {
        throw unintelligible(
            b.describe(),
            BundleCodec.F_BLOCK_FLAGS,
            blockOffset(at, i, AT_FLAGS),
            "the 'report if unprocessable' flag must be zero in a bundle that is an administrative"
                + " record or has a null source (RFC 9171 §4.2.4)");
      }
      long type = b.type();
      if (type == BlockType.BUNDLE_AGE
          || type == BlockType.HOP_COUNT
          || type == BlockType.PREVIOUS_NODE) {
        for (int j = 0; j < i; j++) {
          if (blocks.get(j).type() == type) {
            throw unintelligible(
                b.describe(),
                BundleCodec.F_TYPE,
                blockOffset(at, i, AT_TYPE),
                "a bundle may hold at most one "
                    + BlockType.name(type)
                    + " block, and block "
                    + Long.toUnsignedString(blocks.get(j).number())
                    + " is one already (RFC 9171 §4.4)");
          }
        }
        if (type == BlockType.BUNDLE_AGE) {
          hasBundleAge = true;
        }
        if (unchanged != null && unchanged[2 * i + 2] >= 0) {
          continue;
        }
        try {
          if (type == BlockType.BUNDLE_AGE) {
            ExtensionBlocks.readBundleAgeMillis(b.data());
          } else if (type == BlockType.HOP_COUNT) {
            ExtensionBlocks.readHopCount(b.data());
          } else {
            ExtensionBlocks.readPreviousNode(b.data());
          }
        } catch (CborException e) {
          throw unintelligible(
              b.describe(),
              BundleCodec.F_DATA,
              at == null
                  ? BundleFormatException.NO_OFFSET
                  : blockOffset(at, i, AT_DATA) + e.offset(),
              e.problem());
        }
      } else if (type == BlockType.BLOCK_INTEGRITY && !primaryTargetedByBib) {
        primaryTargetedByBib = securityTargetsInclude(b.data(), 0);
      }
    }
    checkBlockNumbersUnique(blocks, at);
    if (primary.crcType() == CrcType.NONE && !primaryTargetedByBib) {
      throw unintelligible(
          BundleCodec.PRIMARY,
          BundleCodec.F_CRC_TYPE,
          offset(at, AT_CRC_TYPE),
          "CRC type 0 (none) is only allowed when a block integrity block targets the primary"
              + " block (RFC 9171 §4.3.1)");
    }
    if (primary.creationTimestamp().isTimeUnknown() && !hasBundleAge) {
      throw unintelligible(
          BundleCodec.PRIMARY,
          BundleCodec.F_CREATION,
          offset(at, AT_CREATION),
          "creation time 0 (no accurate clock) requires a bundle age block (RFC 9171 §4.4.2)");
    }
    if (primary.isFragment()) {
      long payloadLength = blocks.get(n - 1).dataSizeBytes();
      long end = primary.fragmentOffset() + payloadLength;
      if (primary.fragmentOffset() < 0
          || end < 0
          || Long.compareUnsigned(end, primary.totalAduLength()) > 0) {
        throw unintelligible(
            BundleCodec.PRIMARY,
            BundleCodec.F_FRAGMENT_OFFSET,
            offset(at, AT_FRAGMENT_OFFSET),
            "fragment offset "
                + Long.toUnsignedString(primary.fragmentOffset())
                + " plus payload length "
                + payloadLength
                + " exceeds the total application data unit length "
                + Long.toUnsignedString(primary.totalAduLength())
                + " (RFC 9171 §4.3.1)");
      }
    }
  }

  /** Block numbers are unique in a bundle (RFC 9171 §4.1); O(n log n) for many blocks. */
  private static void checkBlockNumbersUnique(List<CanonicalBlock> blocks, int[] at) {
    int n = blocks.size();
    int first = -1;
    int second = -1;
    if (n <= 16) {
      for (int i = 1; i < n && second < 0; i++) {
        long number = blocks.get(i).number();
        for (int j = 0; j < i; j++) {
          if (blocks.get(j).number() == number) {
            first = j;
            second = i;
            break;
          }
        }
      }
    } else {
      long[] numbers = new long[n];
      for (int i = 0; i < n; i++) {
        numbers[i] = blocks.get(i).number();
      }
      Arrays.sort(numbers);
      for (int i = 1; i < n; i++) {
        if (numbers[i] == numbers[i - 1]) {
          first = indexOfNumber(blocks, numbers[i], 0);
          second = indexOfNumber(blocks, numbers[i], first + 1);
          break;
        }
      }
    }
    if (second >= 0) {
      CanonicalBlock b = blocks.get(second);
      throw unintelligible(
          b.describe(),
          BundleCodec.F_NUMBER,
          blockOffset(at, second, AT_NUMBER),
          "duplicate block number "
              + Long.toUnsignedString(b.number())
              + ": block "
              + (first + 1)
              + " in wire order has it too (RFC 9171 §4.1)");
    }
  }

  private static int indexOfNumber(List<CanonicalBlock> blocks, long number, int from) {
    for (int i = from; i < blocks.size(); i++) {
      if (blocks.get(i).number() == number) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the security targets of a BPSec abstract security block (RFC 9172 §3.6: the first
   * field, an array of block numbers) include {@code blockNumber}. Data that do not parse as such
   * (for example a BIB encrypted by a BCB) target nothing here: judging the security block itself
   * is the security processor's job.
   */
  private static boolean securityTargetsInclude(ByteBuffer asb, long blockNumber) {
    try {
      CborReader in = new CborReader(Unpooled.wrappedBuffer(asb), CborLimits.DEFAULT);
      int count = in.readArrayHeader();
      for (int i = 0; count == CborReader.INDEFINITE ? !in.readBreakIfPresent() : i < count; i++) {
        if (in.readUnsigned() == blockNumber) {
          return true;
        }
      }
      return false;
    } catch (CborException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bundle other
        && primary.equals(other.primary)
        && blocks.equals(other.blocks);
  }

  @Override
  public int hashCode() {
    return primary.hashCode() * 31 + blocks.hashCode();
  }

  @Override
  public String toString() {
    return "Bundle[" + id() + " -> " + primary.destination() + ", " + blocks.size() + " blocks]";
  }
}
