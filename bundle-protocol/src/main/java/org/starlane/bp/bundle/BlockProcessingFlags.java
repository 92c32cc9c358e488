package org.starlane.bp.bundle;

/**
 * Block processing control flags (RFC 9171 §4.2.4). Unassigned bits are kept and otherwise ignored.
 *
 * @param bits the flags word as an unsigned integer
 */
public record BlockProcessingFlags(long bits) {
  public static final long REPLICATE_IN_EVERY_FRAGMENT = 0x01;
  public static final long REPORT_IF_UNPROCESSABLE = 0x02;
  public static final long DELETE_BUNDLE_IF_UNPROCESSABLE = 0x04;
  public static final long DISCARD_BLOCK_IF_UNPROCESSABLE = 0x10;

  public static final BlockProcessingFlags NONE = new BlockProcessingFlags(0);

  /** The flags for {@code bits}; the common all-zero word shares one instance. */
  public static BlockProcessingFlags of(long bits) {
    return bits == 0 ? NONE : new BlockProcessingFlags(bits);
  }

  public boolean has(long flag) {
    return (bits & flag) != 0;
  }

  public BlockProcessingFlags with(long flag) {
    return new BlockProcessingFlags(bits | flag);
  }

  public boolean replicateInEveryFragment() {
    return has(REPLICATE_IN_EVERY_FRAGMENT);
  }

  public boolean reportIfUnprocessable() {
    return has(REPORT_IF_UNPROCESSABLE);
  }

  public boolean deleteBundleIfUnprocessable() {
    return has(DELETE_BUNDLE_IF_UNPROCESSABLE);
  }

  public boolean discardBlockIfUnprocessable() {
    return has(DISCARD_BLOCK_IF_UNPROCESSABLE);
  }

  @Override
  public String toString() {
    return "0x" + Long.toHexString(bits);
  }
}
