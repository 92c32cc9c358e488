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
 * <p>Equality is by content (primary block and blocks, in order), not by encoding.
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
   * A bundle of these blocks, in this order (the payload block last).
   *
   * @throws BundleFormatException if RFC 9171 forbids the combination
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

  /** A read-only view of the payload (the ADU, or a fragment of it). */
  public ByteBuffer payload() {
    return payloadBlock().data();
  }

  public Optional<CanonicalBlock> block(long number) {
    for (CanonicalBlock b : blocks) {
      if (b.number() == number) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The first block of {@code type} in wire order. */
  public Optional<CanonicalBlock> firstBlockOfType(long type) {
    for (CanonicalBlock b : blocks) {
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
    List<CanonicalBlock> unknown = new ArrayList<>(0);
    for (CanonicalBlock b : blocks) {
      if (!BlockType.isKnown(b.type())) {
        unknown.add(b);
      }
    }
    return unknown;
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
    boolean fragment = primary.isFragment();
    return new BundleId(
        primary.source(),
        primary.creationTimestamp(),
        fragment,
        fragment ? primary.fragmentOffset() : 0,
        fragment ? payloadBlock().dataLength() : 0);
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

  private Bundle withExtension(long type, ByteBuffer data) {
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
    validate(primary, result, null);
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
    validate(primary, result, null);
    return new Bundle(primary, result, source, newExtents);
  }

  /** This bundle with another primary block (which is then re-encoded). */
  public Bundle withPrimary(PrimaryBlock newPrimary) {
    int[] newExtents = extents == null ? null : extents.clone();
    if (newExtents != null) {
      newExtents[0] = -1;
      newExtents[1] = -1;
    }
    validate(newPrimary, blocks, null);
    return new Bundle(newPrimary, blocks, source, newExtents);
  }

  /** The lowest block number above every number in use (at least 2). */
  public long nextFreeBlockNumber() {
    long max = 1;
    for (CanonicalBlock b : blocks) {
      max = Math.max(max, b.number());
    }
    return max + 1;
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

  /**
   * Checks the rules of RFC 9171 §4 that span blocks. {@code offsets}, when not null, holds the
   * byte offset of each block (index 0: primary) for error messages.
   */
  static void validate(PrimaryBlock primary, List<CanonicalBlock> blocks, int[] offsets) {
    if (blocks.isEmpty()) {
      throw new BundleFormatException(
          "bundle",
          null,
          offsets == null ? BundleFormatException.NO_OFFSET : offsets[0],
          "a bundle needs at least one canonical block (the payload block)",
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
    int n = blocks.size();
    boolean hasBundleAge = false;
    boolean primaryTargetedByBib = false;
    boolean noReports = primary.flags().isAdministrativeRecord() || primary.source().isNull();
    long[] numbers = new long[n];
    for (int i = 0; i < n; i++) {
      CanonicalBlock b = blocks.get(i);
      long offset = offsets == null ? BundleFormatException.NO_OFFSET : offsets[i + 1];
      numbers[i] = b.number();
      if (b.isPayload() != (i == n - 1)) {
        throw new BundleFormatException(
            b.describe(),
            "block type code",
            offset,
            b.isPayload()
                ? "the payload block must be the last block, but " + (n - 1 - i) + " follow it"
                : "the last block must be the payload block (type 1)",
            StatusReportReason.BLOCK_UNINTELLIGIBLE);
      }
      if (noReports && b.flags().reportIfUnprocessable()) {
        throw new BundleFormatException(
            b.describe(),
            "block processing control flags",
            offset,
            "the 'report if unprocessable' flag must be zero in a bundle that is an administrative record or"
                + " has a null source (RFC 9171 §4.2.4)",
            StatusReportReason.BLOCK_UNINTELLIGIBLE);
      }
      try {
        if (b.type() == BlockType.BUNDLE_AGE
            || b.type() == BlockType.HOP_COUNT
            || b.type() == BlockType.PREVIOUS_NODE) {
          for (int j = 0; j < i; j++) {
            if (blocks.get(j).type() == b.type()) {
              throw new BundleFormatException(
                  b.describe(),
                  null,
                  offset,
                  "a bundle may hold at most one "
                      + BlockType.name(b.type())
                      + " block; block "
                      + blocks.get(j).number()
                      + " is one already",
                  StatusReportReason.BLOCK_UNINTELLIGIBLE);
            }
          }
        }
        if (b.type() == BlockType.BUNDLE_AGE) {
          hasBundleAge = true;
          ExtensionBlocks.readBundleAgeMillis(b.data());
        } else if (b.type() == BlockType.HOP_COUNT) {
          ExtensionBlocks.readHopCount(b.data());
        } else if (b.type() == BlockType.PREVIOUS_NODE) {
          ExtensionBlocks.readPreviousNode(b.data());
        } else if (b.type() == BlockType.BLOCK_INTEGRITY && !primaryTargetedByBib) {
          primaryTargetedByBib = securityTargetsInclude(b.data(), 0);
        }
      } catch (CborException e) {
        throw new BundleFormatException(
            b.describe(),
            "block-type-specific data",
            offset,
            e.getMessage(),
            StatusReportReason.BLOCK_UNINTELLIGIBLE);
      }
    }
    Arrays.sort(numbers);
    for (int i = 1; i < n; i++) {
      if (numbers[i] == numbers[i - 1]) {
        int dup = 0;
        while (blocks.get(dup).number() != numbers[i]) {
          dup++;
        }
        int second = dup + 1;
        while (blocks.get(second).number() != numbers[i]) {
          second++;
        }
        throw new BundleFormatException(
            blocks.get(second).describe(),
            "block number",
            offsets == null ? BundleFormatException.NO_OFFSET : offsets[second + 1],
            "duplicate block number " + Long.toUnsignedString(numbers[i]),
            StatusReportReason.BLOCK_UNINTELLIGIBLE);
      }
    }
    long primaryOffset = offsets == null ? BundleFormatException.NO_OFFSET : offsets[0];
    if (primary.crcType() == CrcType.NONE && !primaryTargetedByBib) {
      throw new BundleFormatException(
          "primary block",
          "CRC type",
          primaryOffset,
          "CRC type 0 (none) is only allowed when a block integrity block targets the primary block",
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
    if (primary.creationTimestamp().isTimeUnknown() && !hasBundleAge) {
      throw new BundleFormatException(
          "primary block",
          "creation timestamp",
          primaryOffset,
          "creation time 0 (no accurate clock) requires a bundle age block (RFC 9171 §4.2.7)",
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
    if (primary.isFragment()) {
      long payloadLength = blocks.get(n - 1).dataLength();
      long end = primary.fragmentOffset() + payloadLength;
      if (primary.fragmentOffset() < 0
          || end < 0
          || Long.compareUnsigned(end, primary.totalAduLength()) > 0) {
        throw new BundleFormatException(
            "primary block",
            "fragment offset",
            primaryOffset,
            "fragment offset "
                + Long.toUnsignedString(primary.fragmentOffset())
                + " plus payload length "
                + payloadLength
                + " exceeds the total application data unit length "
                + Long.toUnsignedString(primary.totalAduLength()),
            StatusReportReason.BLOCK_UNINTELLIGIBLE);
      }
    }
  }

  /**
   * Whether the security targets of a BPSec abstract security block (RFC 9172 §3.6: the first
   * field, an array of block numbers) include {@code blockNumber}.
   */
  private static boolean securityTargetsInclude(ByteBuffer asb, long blockNumber) {
    CborReader in = new CborReader(Unpooled.wrappedBuffer(asb), CborLimits.DEFAULT);
    int count = in.readArrayHeader();
    for (int i = 0; count == CborReader.INDEFINITE ? !in.readBreakIfPresent() : i < count; i++) {
      if (in.readUnsigned() == blockNumber) {
        return true;
      }
    }
    return false;
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
