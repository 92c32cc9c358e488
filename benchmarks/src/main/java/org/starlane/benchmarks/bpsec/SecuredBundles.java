package org.starlane.benchmarks.bpsec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BundleBlocks;
import org.starlane.bpsec.SecurityKey;

/** Bundles and keys for the BPSec benchmarks: deterministic, no wall clock. */
final class SecuredBundles {
  static final EndpointId SOURCE = EndpointId.parse("ipn:1.1");
  static final EndpointId DESTINATION = EndpointId.parse("ipn:3.1");
  static final EndpointId SECURITY_SOURCE = EndpointId.parse("ipn:1.0");

  private SecuredBundles() {}

  /** A bundle with a payload of {@code payloadBytes} pseudo-random bytes and no CRCs. */
  static BundleBlocks bundle(int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    new SplittableRandom(42).nextBytes(payload);
    return bundle(
        new CanonicalBlock(
            1, 1, BlockProcessingFlags.NONE, CrcType.NONE, ByteBuffer.wrap(payload)));
  }

  /** A bundle with the payload block {@code payload} (in memory or file-backed). */
  static BundleBlocks bundle(CanonicalBlock payload) {
    PrimaryBlock primary =
        PrimaryBlock.of(DESTINATION, SOURCE, new CreationTimestamp(820540800000L, 1), 3_600_000);
    return new BundleBlocks(primary, List.of(payload));
  }

  static SecurityKey key(String id, int bytes) {
    byte[] k = new byte[bytes];
    new SplittableRandom(bytes).nextBytes(k);
    return new SecurityKey(id, k);
  }
}
