package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.cbor.CborWriter;

/**
 * The blocks of a bundle while security operations are added, verified or accepted (RFC 9172 §5):
 * the primary block and the canonical blocks in wire order. Unlike {@link Bundle} it does not check
 * the cross-block rules of RFC 9171 §4 (a primary-block CRC, a bundle age block when the creation
 * time is 0), because the intermediate states of security processing and the examples of RFC 9173
 * Appendix A break them; {@link #toBundle()} checks them. Immutable and thread-safe.
 *
 * @param primary the primary block
 * @param blocks canonical blocks in wire order
 */
public record BundleBlocks(PrimaryBlock primary, List<CanonicalBlock> blocks) {

  public BundleBlocks {
    Objects.requireNonNull(primary, "primary");
    blocks = List.copyOf(blocks);
  }

  /** The blocks of {@code bundle}. */
  public static BundleBlocks of(Bundle bundle) {
    return new BundleBlocks(bundle.primary(), bundle.blocks());
  }

  /** A bundle of these blocks; the rules of RFC 9171 §4 apply. */
  public Bundle toBundle() {
    return Bundle.of(primary, blocks);
  }

  /** The block numbered {@code number}, or null. */
  public CanonicalBlock block(long number) {
    for (CanonicalBlock b : blocks) {
      if (b.number() == number) {
        return b;
      }
    }
    return null;
  }

  /** Whether block {@code number} exists (0, the primary block, always does). */
  public boolean exists(long number) {
    return number == 0 || block(number) != null;
  }

  /** These blocks with {@code block} replacing the block of the same number (which must exist). */
  public BundleBlocks replace(CanonicalBlock block) {
    List<CanonicalBlock> list = new ArrayList<>(blocks);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).number() == block.number()) {
        list.set(i, block);
        return new BundleBlocks(primary, list);
      }
    }
    throw new IllegalArgumentException("no block " + Long.toUnsignedString(block.number()));
  }

  /** These blocks with another primary block. */
  public BundleBlocks withPrimary(PrimaryBlock newPrimary) {
    return new BundleBlocks(newPrimary, blocks);
  }

  /**
   * These blocks with a new security block: placed after the last BIB or BCB already present, or
   * first (just after the primary block) when there is none. RFC 9172 leaves the order open; this
   * one keeps the security blocks together, ahead of the blocks they protect, and reproduces the
   * layouts of RFC 9173 Appendix A.
   */
  public BundleBlocks insertSecurityBlock(CanonicalBlock block) {
    if (block(block.number()) != null) {
      throw new IllegalArgumentException(
          "block number " + Long.toUnsignedString(block.number()) + " is taken");
    }
    int at = 0;
    for (int i = 0; i < blocks.size(); i++) {
      long t = blocks.get(i).type();
      if (t == BlockType.BLOCK_INTEGRITY || t == BlockType.BLOCK_CONFIDENTIALITY) {
        at = i + 1;
      }
    }
    List<CanonicalBlock> list = new ArrayList<>(blocks);
    list.add(at, block);
    return new BundleBlocks(primary, list);
  }

  /** These blocks without block {@code number}. */
  public BundleBlocks remove(long number) {
    List<CanonicalBlock> list = new ArrayList<>(blocks);
    list.removeIf(b -> b.number() == number);
    return new BundleBlocks(primary, list);
  }

  /** A block number not in use: one above the highest (at least 2). */
  public long nextFreeBlockNumber() {
    long max = 1;
    for (CanonicalBlock b : blocks) {
      if (Long.compareUnsigned(b.number(), max) > 0) {
        max = b.number();
      }
    }
    if (max == -1L) {
      throw new IllegalStateException("no free block number");
    }
    return max + 1;
  }

  /**
   * The bundle's encoding (RFC 9171 §4.1): an indefinite-length array of the blocks, for blocks in
   * memory (tests, RFC 9173 Appendix A); a file-backed payload is encoded by {@link
   * BundleCodec#encode(Bundle, java.io.OutputStream)} on {@link #toBundle()}.
   *
   * @throws IllegalStateException if the payload is file-backed
   */
  public byte[] encode() {
    int size = 64;
    for (CanonicalBlock b : blocks) {
      size += b.dataLength() + 32;
    }
    ByteBuf out = Unpooled.buffer(size);
    CborWriter.writeIndefiniteArrayStart(out);
    BundleCodec.writePrimary(primary, out);
    for (CanonicalBlock b : blocks) {
      BundleCodec.writeBlock(b, out);
    }
    CborWriter.writeBreak(out);
    return Arrays.copyOf(out.array(), out.writerIndex());
  }

  @Override
  public String toString() {
    return "BundleBlocks["
        + primary.source()
        + " -> "
        + primary.destination()
        + ", "
        + blocks
        + "]";
  }
}
