package org.starlane.bp.bundle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.starlane.bp.cbor.CborWriter;

/**
 * The outcome of fragmenting a bundle so that each piece fits a size limit (RFC 9171 §5.8), from
 * {@link #of}. A pure function of the bundle and the limit: expected refusals (the bundle must not
 * be fragmented, the limit is too small) are results, not exceptions.
 *
 * <p>Each fragment is a new bundle ({@link Bundle#of}, so it re-encodes canonically) whose encoded
 * size is at most the limit:
 *
 * <ul>
 *   <li>its primary block is the original one with the "is a fragment" flag, the fragment offset
 *       and the total application data unit length (a fragment of a fragment keeps offsets relative
 *       to the original ADU and its total length); the primary block's CRC is recomputed on
 *       encoding;
 *   <li>the first fragment carries every extension block of the fragmented bundle (§5.8: "all
 *       extension blocks ... MUST be replicated in the fragment whose offset is zero"); later ones
 *       carry only the blocks flagged "block must be replicated in every fragment" (§4.2.4), plus
 *       those the rules of §4 require in every bundle: the Bundle Age block when the creation time
 *       is 0 (§4.4.2) and the block integrity blocks when the primary block has no CRC (§4.3.1);
 *   <li>blocks keep their order, flags and CRC types; the payload block's data is a slice of the
 *       original payload (no copy), each slice at least 1 byte (§5.8: 0 &lt; N &lt; M); a
 *       file-backed payload ({@link CanonicalBlock#dataFile()}) is sliced into regions of the same
 *       file ({@link PayloadFile#slice}), so fragmenting a payload of any size reads none of it.
 * </ul>
 *
 * <p>The fragments are as large as the limit allows, in payload order. Immutable and thread-safe.
 */
public sealed interface Fragmentation {

  /**
   * Splits {@code bundle} into fragments whose encoding is at most {@code maxBundleSizeBytes}.
   * Returns the bundle itself, unchanged, as the only element of {@link Fragments} when its
   * encoding already fits.
   *
   * @throws IllegalArgumentException if {@code maxBundleSizeBytes} is not positive
   */
  static Fragmentation of(Bundle bundle, long maxBundleSizeBytes) {
    return fragment(bundle, maxBundleSizeBytes, maxBundleSizeBytes);
  }

  /**
   * Replaces {@code bundle} with two fragments, as RFC 9171 §5.8 describes it ("to replace it with
   * two fragments ... whose payloads MUST be the first N and the last (M - N) bytes of the original
   * bundle's payload, where 0 &lt; N &lt; M"): the first encodes to at most {@code
   * maxFirstFragmentSizeBytes}, as large as that allows; the second carries the rest of the
   * payload, whatever its size. This is anticipatory fragmentation (CCSDS 734.3-B-1, contact graph
   * routing): the first fragment fits the volume left in a contact, the second is routed on its
   * own. Returns the bundle itself as the only element of {@link Fragments} when its encoding fits
   * already; the refusals are those of {@link #of}.
   *
   * @throws IllegalArgumentException if {@code maxFirstFragmentSizeBytes} is not positive
   */
  static Fragmentation split(Bundle bundle, long maxFirstFragmentSizeBytes) {
    return fragment(bundle, maxFirstFragmentSizeBytes, Long.MAX_VALUE);
  }

  /**
   * Fragments whose encoding is at most {@code firstLimit} for the first, {@code laterLimit} after.
   */
  private static Fragmentation fragment(Bundle bundle, long firstLimit, long laterLimit) {
    Objects.requireNonNull(bundle, "bundle");
    if (firstLimit <= 0) {
      throw new IllegalArgumentException("maximum bundle size " + firstLimit + " must be positive");
    }
    long encodedSize = BundleCodec.encodedSizeBytes(bundle);
    if (encodedSize <= firstLimit) {
      return new Fragments(List.of(bundle));
    }
    PrimaryBlock primary = bundle.primary();
    if (primary.flags().mustNotFragment()) {
      return new MustNotFragment(bundle.id(), encodedSize, firstLimit);
    }
    CanonicalBlock payload = bundle.payloadBlock();
    long payloadLength = payload.dataSizeBytes();
    if (payloadLength < 2) {
      return new LimitTooSmall(
          firstLimit,
          "the bundle encodes to "
              + encodedSize
              + " bytes, over the limit of "
              + firstLimit
              + ", and its payload of "
              + payloadLength
              + " bytes cannot be split (RFC 9171 §5.8: 0 < N < M)");
    }
    long baseOffset = primary.isFragment() ? primary.fragmentOffset() : 0;
    long totalLength = primary.isFragment() ? primary.totalAduLength() : payloadLength;

    List<CanonicalBlock> extensions = bundle.blocks().subList(0, bundle.blocks().size() - 1);
    List<CanonicalBlock> replicated = new ArrayList<>();
    for (CanonicalBlock b : extensions) {
      if (inEveryFragment(primary, b)) {
        replicated.add(b);
      }
    }
    long allExtensionsSize = encodedSize(extensions);
    long replicatedSize = encodedSize(replicated);
    // The payload block with empty data: 1 byte of byte string header for 0 bytes of data.
    long emptyPayloadSize = encodedSize(List.of(payload.withData(ByteBuffer.allocate(0))));
    PayloadFile file = payload.dataFile();
    ByteBuffer data = file == null ? payload.data() : null;

    List<Bundle> fragments = new ArrayList<>();
    long offset = 0;
    while (offset < payloadLength) {
      boolean first = offset == 0;
      PrimaryBlock fragmentPrimary = primary.asFragment(baseOffset + offset, totalLength);
      long fixed =
          2 // indefinite-length array start and break
              + encodedSize(fragmentPrimary)
              + (first ? allExtensionsSize : replicatedSize)
              + emptyPayloadSize
              - 1;
      long limit = first ? firstLimit : laterLimit;
      long room = limit - fixed; // for the byte string header and the data
      long remaining = payloadLength - offset;
      long cap = first ? remaining - 1 : remaining;
      long length = Math.min(cap, Math.max(0, room - 1));
      while (length > 0 && length + CborWriter.headerSize(length) > room) {
        length--;
      }
      if (length <= 0) {
        return new LimitTooSmall(
            limit,
            "a fragment at offset "
                + Long.toUnsignedString(baseOffset + offset)
                + " needs "
                + (fixed + 2)
                + " bytes for one payload byte, over the limit of "
                + limit);
      }
      List<CanonicalBlock> blocks = new ArrayList<>(first ? extensions : replicated);
      blocks.add(
          file != null
              ? payload.withData(file.slice(offset, length))
              : payload.withData(data.slice((int) offset, (int) length)));
      fragments.add(Bundle.of(fragmentPrimary, blocks));
      offset += length;
    }
    return new Fragments(List.copyOf(fragments));
  }

  /**
   * The fragment of {@code bundle} that holds its payload from byte {@code fromByte} (relative to
   * this bundle's payload) to the end: what is left to send after a peer acknowledged the bundle's
   * first {@code fromByte} payload bytes (reactive fragmentation, RFC 9171 §5.8; RFC 9174 §3.2). As
   * for {@link #of}: the fragment offset is relative to the original ADU, the total ADU length is
   * kept, the primary block's CRC is recomputed on encoding, and, the offset being past the first
   * byte, only the blocks that must be in every fragment are carried; the payload is a slice of
   * this bundle's (of the same file, for a file-backed payload).
   *
   * @throws IllegalArgumentException if {@code fromByte} is not within the payload (0 &lt; {@code
   *     fromByte} &lt; its length: §5.8, 0 &lt; N &lt; M) or the bundle must not be fragmented
   */
  static Bundle remainder(Bundle bundle, long fromByte) {
    PrimaryBlock primary = bundle.primary();
    CanonicalBlock payload = bundle.payloadBlock();
    long payloadLength = payload.dataSizeBytes();
    if (fromByte <= 0 || fromByte >= payloadLength) {
      throw new IllegalArgumentException(
          "the remainder from payload byte "
              + fromByte
              + " of "
              + payloadLength
              + " is not a fragment (RFC 9171 §5.8: 0 < N < M)");
    }
    if (primary.flags().mustNotFragment()) {
      throw new IllegalArgumentException(bundle.id() + " must not be fragmented");
    }
    long baseOffset = primary.isFragment() ? primary.fragmentOffset() : 0;
    long totalLength = primary.isFragment() ? primary.totalAduLength() : payloadLength;
    List<CanonicalBlock> blocks = new ArrayList<>();
    for (CanonicalBlock b : bundle.blocks().subList(0, bundle.blocks().size() - 1)) {
      if (inEveryFragment(primary, b)) {
        blocks.add(b);
      }
    }
    long length = payloadLength - fromByte;
    PayloadFile file = payload.dataFile();
    blocks.add(
        file != null
            ? payload.withData(file.slice(fromByte, length))
            : payload.withData(payload.data().slice((int) fromByte, (int) length)));
    return Bundle.of(primary.asFragment(baseOffset + fromByte, totalLength), blocks);
  }

  /**
   * The bundles to send instead of the fragmented one, in payload order: fragments, or the bundle
   * itself when it fits.
   *
   * @param bundles at least one bundle
   */
  record Fragments(List<Bundle> bundles) implements Fragmentation {
    public Fragments {
      bundles = List.copyOf(bundles);
      if (bundles.isEmpty()) {
        throw new IllegalArgumentException("no bundles");
      }
    }
  }

  /**
   * The bundle does not fit and its "bundle must not be fragmented" flag is set (RFC 9171 §4.2.3).
   *
   * @param id the bundle's ID
   * @param encodedSizeBytes its encoded size
   * @param maxBundleSizeBytes the limit
   */
  record MustNotFragment(BundleId id, long encodedSizeBytes, long maxBundleSizeBytes)
      implements Fragmentation {
    public MustNotFragment {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * No fragment of this bundle with at least one payload byte fits the limit.
   *
   * @param maxBundleSizeBytes the limit
   * @param problem what does not fit, with the numbers
   */
  record LimitTooSmall(long maxBundleSizeBytes, String problem) implements Fragmentation {
    public LimitTooSmall {
      Objects.requireNonNull(problem, "problem");
    }
  }

  /** Whether {@code block} goes into every fragment of a bundle with {@code primary}. */
  private static boolean inEveryFragment(PrimaryBlock primary, CanonicalBlock block) {
    return block.flags().replicateInEveryFragment()
        || (block.type() == BlockType.BUNDLE_AGE && primary.creationTimestamp().isTimeUnknown())
        || (block.type() == BlockType.BLOCK_INTEGRITY && primary.crcType() == CrcType.NONE);
  }

  /** The canonical encoded size of a primary block. */
  private static long encodedSize(PrimaryBlock primary) {
    ByteBuf out = Unpooled.buffer(128);
    BundleCodec.writePrimary(primary, out);
    return out.readableBytes();
  }

  /** The canonical encoded size of these canonical blocks. */
  private static long encodedSize(List<CanonicalBlock> blocks) {
    long size = 0;
    ByteBuf out = Unpooled.buffer(64);
    for (CanonicalBlock b : blocks) {
      out.clear();
      BundleCodec.writeBlock(b, out);
      size += out.readableBytes();
    }
    return size;
  }
}
