package org.starlane.bp.bundle;

/** Block type codes (RFC 9171 §4.3.2, §4.4, §9.1; BPSec RFC 9172 §3.9). */
public final class BlockType {
  public static final long PAYLOAD = 1;
  public static final long PREVIOUS_NODE = 6;
  public static final long BUNDLE_AGE = 7;
  public static final long HOP_COUNT = 10;
  public static final long BLOCK_INTEGRITY = 11;
  public static final long BLOCK_CONFIDENTIALITY = 12;

  private BlockType() {}

  /** Whether this implementation knows the block type: other blocks are kept, but not processed. */
  public static boolean isKnown(long type) {
    return type == PAYLOAD
        || type == PREVIOUS_NODE
        || type == BUNDLE_AGE
        || type == HOP_COUNT
        || type == BLOCK_INTEGRITY
        || type == BLOCK_CONFIDENTIALITY;
  }

  /** A short name for messages: "payload", "bundle age", ..., or "unknown". */
  public static String name(long type) {
    if (type == PAYLOAD) {
      return "payload";
    } else if (type == PREVIOUS_NODE) {
      return "previous node";
    } else if (type == BUNDLE_AGE) {
      return "bundle age";
    } else if (type == HOP_COUNT) {
      return "hop count";
    } else if (type == BLOCK_INTEGRITY) {
      return "block integrity";
    } else if (type == BLOCK_CONFIDENTIALITY) {
      return "block confidentiality";
    }
    return type >= 192 && type <= 255 ? "private/experimental" : "unknown";
  }
}
