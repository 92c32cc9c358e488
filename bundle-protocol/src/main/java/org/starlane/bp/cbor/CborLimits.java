package org.starlane.bp.cbor;

/**
 * Limits that a {@link CborReader} checks <em>before</em> it allocates or trusts anything a length
 * field says. Untrusted input never decides how much memory is used: a byte string longer than the
 * bytes actually present, or longer than {@code maxByteStringBytes}, is rejected from its header
 * alone.
 *
 * @param maxByteStringBytes longest byte string accepted (block data, payloads are views: nothing
 *     is copied)
 * @param maxTextStringBytes longest text string accepted (URIs are decoded into a {@link String})
 * @param maxArrayLength most elements in one definite- or indefinite-length array
 * @param maxNestingDepth most arrays, maps and tags nested in one another when skipping an unknown
 *     item ({@code [1]} nests 1 deep, {@code [[1]]} 2), 1..{@value #MAX_NESTING_DEPTH}: the reader
 *     recurses once per level
 */
public record CborLimits(
    long maxByteStringBytes, int maxTextStringBytes, int maxArrayLength, int maxNestingDepth) {

  /**
   * Generous defaults for BPv7: 2 GiB - 1 byte strings, 64 KiB text, 1 Mi array elements, depth 16.
   */
  public static final CborLimits DEFAULT = new CborLimits(Integer.MAX_VALUE, 65_536, 1 << 20, 16);

  /** The largest {@code maxNestingDepth} accepted, so skipping never exhausts the thread stack. */
  public static final int MAX_NESTING_DEPTH = 1_000;

  public CborLimits {
    if (maxByteStringBytes < 0 || maxByteStringBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxByteStringBytes " + maxByteStringBytes + " outside 0.." + Integer.MAX_VALUE);
    }
    if (maxTextStringBytes < 0) {
      throw new IllegalArgumentException("maxTextStringBytes " + maxTextStringBytes + " < 0");
    }
    if (maxArrayLength < 0) {
      throw new IllegalArgumentException("maxArrayLength " + maxArrayLength + " < 0");
    }
    if (maxNestingDepth < 1 || maxNestingDepth > MAX_NESTING_DEPTH) {
      throw new IllegalArgumentException(
          "maxNestingDepth " + maxNestingDepth + " outside 1.." + MAX_NESTING_DEPTH);
    }
  }
}
