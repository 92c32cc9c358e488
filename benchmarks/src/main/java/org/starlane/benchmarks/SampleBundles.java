package org.starlane.benchmarks;

import java.nio.ByteBuffer;
import java.util.List;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;

/**
 * The bundles the benchmarks decode and encode, all with CRC-32C on every block (RFC 9171 §4.2.2):
 *
 * <pre>
 *   primary block   ipn:42.1 -> ipn:977.1, report-to dtn:none, created 2025-01-01T00:00:00Z (DTN
 *                   time 788918400000 ms) seq 7, lifetime 24 h
 *   block 2         Bundle Age (RFC 9171 §4.4.2), 1234 ms
 *   block 3         Hop Count (§4.4.3) [limit 30, count 3]  -- relay bundles only
 *   block 1         payload: payloadBytes bytes of a fixed pattern
 * </pre>
 *
 * The "tiny" bundle of the issue is {@code sample(3, false)}: 3-byte payload and a Bundle Age
 * block. Stateless.
 */
public final class SampleBundles {
  /** Payload bytes of the tiny bundle. */
  public static final int TINY = 3;

  static final long CREATION_TIME_MILLIS = 788_918_400_000L;
  static final long LIFETIME_MILLIS = 86_400_000L;
  static final long BUNDLE_AGE_MILLIS = 1_234L;
  static final HopCount HOP_COUNT = new HopCount(30, 3);

  private SampleBundles() {}

  /**
   * A bundle built with {@link Bundle#of} (no original encoding, so encoding it computes every
   * block and every CRC), with a Hop Count block too when {@code withHopCount}.
   */
  public static Bundle sample(int payloadBytes, boolean withHopCount) {
    PrimaryBlock primary =
        PrimaryBlock.of(
            EndpointId.ipn(977, 1),
            EndpointId.ipn(42, 1),
            new CreationTimestamp(CREATION_TIME_MILLIS, 7),
            LIFETIME_MILLIS);
    CanonicalBlock age =
        new CanonicalBlock(
            BlockType.BUNDLE_AGE,
            2,
            BlockProcessingFlags.NONE,
            CrcType.CRC32C,
            ExtensionBlocks.bundleAgeData(BUNDLE_AGE_MILLIS));
    CanonicalBlock payload = CanonicalBlock.payload(ByteBuffer.wrap(payload(payloadBytes)));
    if (!withHopCount) {
      return Bundle.of(primary, List.of(age, payload));
    }
    CanonicalBlock hops =
        new CanonicalBlock(
            BlockType.HOP_COUNT,
            3,
            BlockProcessingFlags.NONE,
            CrcType.CRC32C,
            ExtensionBlocks.hopCountData(HOP_COUNT));
    return Bundle.of(primary, List.of(age, hops, payload));
  }

  /** The canonical encoding of {@link #sample}. */
  public static byte[] encoded(int payloadBytes, boolean withHopCount) {
    return BundleCodec.DEFAULT.encode(sample(payloadBytes, withHopCount));
  }

  /** {@code length} bytes of a fixed, non-constant pattern. */
  public static byte[] payload(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }
}
