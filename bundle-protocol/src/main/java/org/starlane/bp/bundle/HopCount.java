package org.starlane.bp.bundle;

/**
 * The content of a Hop Count block (RFC 9171 §4.4.3): {@code [hop limit, hop count]}. The hop limit
 * is 1..255.
 *
 * @param limit the hop limit, 1..255
 * @param count hops taken so far (unsigned)
 */
public record HopCount(int limit, long count) {
  public HopCount {
    if (limit < 1 || limit > 255) {
      throw new IllegalArgumentException("hop limit " + limit + " outside 1..255");
    }
    if (count < 0) {
      throw new IllegalArgumentException("hop count " + count + " < 0");
    }
  }

  /** Whether the count has gone past the limit (the bundle must be deleted, RFC 9171 §4.4.3). */
  public boolean isExceeded() {
    return count > limit;
  }

  /** One more hop. */
  public HopCount increment() {
    return new HopCount(limit, count + 1);
  }
}
