package org.starlane.cl.tcpcl;

/**
 * The limits a TCPCL decoder enforces on what a peer sends, so that untrusted input never decides
 * how much is buffered (RFC 9174 §7.10). A message over a limit is rejected before anything is
 * allocated for it.
 *
 * <p>Immutable, thread-safe.
 *
 * @param maxSegmentBytes the largest XFER_SEGMENT data this entity accepts: its Segment MRU (§4.6),
 *     from 1 to {@value #MAX_SEGMENT_BYTES}
 * @param maxNodeIdBytes the longest SESS_INIT node ID accepted, 1 to 65535 octets
 * @param maxExtensionItemsBytes the largest session or transfer extension items list accepted, 0 to
 *     {@value #MAX_SEGMENT_BYTES} octets
 */
public record TcpclLimits(int maxSegmentBytes, int maxNodeIdBytes, int maxExtensionItemsBytes) {
  /** The largest segment MRU this implementation supports (a Java array less some headroom). */
  public static final int MAX_SEGMENT_BYTES = Integer.MAX_VALUE - 64;

  /** 1 MiB segments, 1 KiB node IDs, 64 KiB of extension items. */
  public static final TcpclLimits DEFAULT = new TcpclLimits(1 << 20, 1024, 1 << 16);

  public TcpclLimits {
    if (maxSegmentBytes < 1 || maxSegmentBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "segment MRU " + maxSegmentBytes + " not in [1, " + MAX_SEGMENT_BYTES + "]");
    }
    if (maxNodeIdBytes < 1 || maxNodeIdBytes > 0xFFFF) {
      throw new IllegalArgumentException("node ID limit " + maxNodeIdBytes + " not in [1, 65535]");
    }
    if (maxExtensionItemsBytes < 0 || maxExtensionItemsBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "extension items limit " + maxExtensionItemsBytes + " is out of range");
    }
  }
}
