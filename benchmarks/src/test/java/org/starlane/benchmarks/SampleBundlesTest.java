package org.starlane.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.HopCount;

class SampleBundlesTest {

  @Test
  void tinyBundleHasAThreeBytePayloadABundleAgeBlockAndCrc32cOnEveryBlock() {
    Bundle tiny = BundleCodec.DEFAULT.decode(SampleBundles.encoded(SampleBundles.TINY, false));

    assertThat(tiny.payload().remaining()).isEqualTo(3);
    assertThat(tiny.blocks())
        .extracting(CanonicalBlock::type)
        .containsExactly(BlockType.BUNDLE_AGE, BlockType.PAYLOAD);
    assertThat(tiny.bundleAgeMillis()).hasValue(SampleBundles.BUNDLE_AGE_MILLIS);
    assertThat(tiny.primary().crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(tiny.blocks()).extracting(CanonicalBlock::crcType).containsOnly(CrcType.CRC32C);
    assertThat(tiny.hopCount()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 1024, 65536})
  void sampleBundlesDecodeToTheBundlesTheyWereEncodedFrom(int payloadBytes) {
    for (boolean withHopCount : new boolean[] {false, true}) {
      Bundle sample = SampleBundles.sample(payloadBytes, withHopCount);

      Bundle decoded =
          BundleCodec.DEFAULT.decode(SampleBundles.encoded(payloadBytes, withHopCount));

      assertThat(decoded).isEqualTo(sample);
      assertThat(decoded.payload())
          .isEqualTo(java.nio.ByteBuffer.wrap(SampleBundles.payload(payloadBytes)));
    }
  }

  @Test
  void relayBundlesCarryAHopCountBelowItsLimit() {
    Bundle relayed = SampleBundles.sample(SampleBundles.TINY, true);

    assertThat(relayed.hopCount()).contains(new HopCount(30, 3));
    assertThat(relayed.hopCount().orElseThrow().increment().isExceeded()).isFalse();
  }

  @Test
  void payloadPatternIsNotConstant() {
    byte[] payload = SampleBundles.payload(4);

    assertThat(payload).containsExactly(7, 38, 69, 100);
  }
}
