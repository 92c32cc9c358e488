package org.starlane.bpsec;

import java.util.Objects;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;

/**
 * A BIB or BCB in a bundle with its decoded abstract security block (RFC 9172 §3.7, §3.8).
 * Immutable and thread-safe.
 *
 * @param block the canonical block (type 11 or 12)
 * @param asb its block-type-specific data, decoded
 */
public record SecurityBlock(CanonicalBlock block, AbstractSecurityBlock asb) {
  public SecurityBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(asb, "asb");
    if (block.type() != BlockType.BLOCK_INTEGRITY
        && block.type() != BlockType.BLOCK_CONFIDENTIALITY) {
      throw new IllegalArgumentException(block.describe() + " is not a BIB or BCB");
    }
  }

  public boolean isIntegrity() {
    return block.type() == BlockType.BLOCK_INTEGRITY;
  }

  public long number() {
    return block.number();
  }

  public boolean targets(long blockNumber) {
    return asb.indexOfTarget(blockNumber) >= 0;
  }

  /** "BIB 3" or "BCB 2", for messages. */
  public String describe() {
    return (isIntegrity() ? "BIB " : "BCB ") + Long.toUnsignedString(block.number());
  }
}
