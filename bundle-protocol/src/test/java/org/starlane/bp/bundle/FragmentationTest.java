package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fragmentation (RFC 9171 §5.8). */
class FragmentationTest {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  static byte[] payload(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 7 + 3);
    }
    return bytes;
  }

  /** Hop count (2, not replicated), previous node (3, replicated), unknown type 200 (4). */
  static Bundle bundle(int payloadLength, long flags) {
    PrimaryBlock primary =
        new PrimaryBlock(
            BundleProcessingFlags.of(flags),
            CrcType.CRC16_X25,
            ipn(3, 1),
            ipn(1, 1),
            ipn(1, 0),
            new CreationTimestamp(800_000_000_000L, 5),
            3_600_000,
            0,
            0);
    return Bundle.of(
        primary,
        List.of(
            new CanonicalBlock(
                BlockType.HOP_COUNT,
                2,
                BlockProcessingFlags.NONE,
                CrcType.CRC32C,
                ExtensionBlocks.hopCountData(new HopCount(9, 1))),
            new CanonicalBlock(
                BlockType.PREVIOUS_NODE,
                3,
                BlockProcessingFlags.NONE.with(BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT),
                CrcType.NONE,
                ExtensionBlocks.previousNodeData(ipn(2, 0))),
            new CanonicalBlock(
                200,
                4,
                BlockProcessingFlags.NONE.with(BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE),
                CrcType.CRC16_X25,
                ByteBuffer.wrap(new byte[] {1, 2, 3})),
            new CanonicalBlock(
                BlockType.PAYLOAD,
                1,
                BlockProcessingFlags.NONE,
                CrcType.CRC16_X25,
                ByteBuffer.wrap(payload(payloadLength)))));
  }

  private static List<Bundle> fragments(Bundle b, long limit) {
    Fragmentation result = Fragmentation.of(b, limit);
    assertThat(result).isInstanceOf(Fragmentation.Fragments.class);
    return ((Fragmentation.Fragments) result).bundles();
  }

  @Test
  void returnsABundleThatFitsUnchanged() {
    Bundle b = bundle(100, 0);
    int size = CODEC.encode(b).length;

    assertThat(fragments(b, size)).containsExactly(b);
    assertThat(fragments(b, size).get(0)).isSameAs(b);
  }

  @Test
  void splitsThePayloadIntoFragmentsThatEachFitTheLimit() {
    Bundle b = bundle(1000, BundleProcessingFlags.REPORT_DELIVERY);

    List<Bundle> fragments = fragments(b, 200);

    assertThat(fragments).hasSizeGreaterThan(5);
    long offset = 0;
    for (Bundle f : fragments) {
      byte[] encoded = CODEC.encode(f);
      assertThat(encoded.length).isLessThanOrEqualTo(200);
      assertThat(CODEC.decode(encoded)).isEqualTo(f);
      PrimaryBlock p = f.primary();
      assertThat(p.isFragment()).isTrue();
      assertThat(p.fragmentOffset()).isEqualTo(offset);
      assertThat(p.totalAduLength()).isEqualTo(1000);
      assertThat(p.flags().without(BundleProcessingFlags.IS_FRAGMENT))
          .isEqualTo(b.primary().flags());
      assertThat(p.source()).isEqualTo(b.primary().source());
      assertThat(p.destination()).isEqualTo(b.primary().destination());
      assertThat(p.reportTo()).isEqualTo(b.primary().reportTo());
      assertThat(p.creationTimestamp()).isEqualTo(b.primary().creationTimestamp());
      assertThat(p.lifetimeMillis()).isEqualTo(b.primary().lifetimeMillis());
      assertThat(p.crcType()).isEqualTo(CrcType.CRC16_X25);
      assertThat(f.payloadBlock().crcType()).isEqualTo(CrcType.CRC16_X25);
      assertThat(f.id())
          .isEqualTo(
              new BundleId(
                  p.source(), p.creationTimestamp(), true, offset, f.payloadBlock().dataLength()));
      offset += f.payloadBlock().dataLength();
    }
    assertThat(offset).as("the payloads concatenate to the ADU").isEqualTo(1000);
  }

  @Test
  void fillsEachFragmentAsFarAsTheLimitAllows() {
    Bundle b = bundle(1000, 0);

    List<Bundle> fragments = fragments(b, 200);

    for (Bundle f : fragments.subList(0, fragments.size() - 1)) {
      assertThat(CODEC.encode(f).length).isBetween(198, 200);
    }
  }

  @Test
  void theFirstFragmentCarriesAllExtensionBlocksAndLaterOnesOnlyReplicatedOnes() {
    Bundle b = bundle(1000, 0);

    List<Bundle> fragments = fragments(b, 200);

    assertThat(fragments.get(0).blocks())
        .extracting(CanonicalBlock::number)
        .containsExactly(2L, 3L, 4L, 1L);
    for (Bundle f : fragments.subList(1, fragments.size())) {
      assertThat(f.blocks()).extracting(CanonicalBlock::number).containsExactly(3L, 1L);
      assertThat(f.blocks().get(0)).isEqualTo(b.blocks().get(1));
    }
  }

  @Test
  void sharesThePayloadBytesInsteadOfCopyingThem() {
    byte[] data = payload(1000);
    Bundle b = Bundle.of(bundle(0, 0).primary(), CanonicalBlock.payload(ByteBuffer.wrap(data)));

    List<Bundle> fragments = fragments(b, 300);
    data[999] = 42;

    ByteBuffer last = fragments.get(fragments.size() - 1).payload();
    assertThat(last.get(last.limit() - 1)).isEqualTo((byte) 42);
  }

  @Test
  void aFragmentOfAFragmentKeepsOffsetsRelativeToTheOriginalAdu() {
    Bundle b = bundle(1000, 0);
    List<Bundle> fragments = fragments(b, 600);
    Bundle second = fragments.get(1);
    long base = second.primary().fragmentOffset();

    List<Bundle> again = fragments(second, 150);

    assertThat(again).hasSizeGreaterThan(1);
    long offset = base;
    for (Bundle f : again) {
      assertThat(f.primary().fragmentOffset()).isEqualTo(offset);
      assertThat(f.primary().totalAduLength()).isEqualTo(1000);
      assertThat(CODEC.encode(f).length).isLessThanOrEqualTo(150);
      offset += f.payloadBlock().dataLength();
    }
    assertThat(offset).isEqualTo(base + second.payloadBlock().dataLength());
  }

  @Test
  void splitsIntoAFirstFragmentThatFitsTheLimitAndASecondWithTheRestOfThePayload() {
    Bundle b = bundle(1000, 0);

    Fragmentation result = Fragmentation.split(b, 300);

    assertThat(result).isInstanceOf(Fragmentation.Fragments.class);
    List<Bundle> two = ((Fragmentation.Fragments) result).bundles();
    assertThat(two).hasSize(2);
    assertThat(CODEC.encode(two.get(0)).length).isBetween(298, 300);
    assertThat(two.get(0).blocks())
        .extracting(CanonicalBlock::number)
        .containsExactly(2L, 3L, 4L, 1L);
    assertThat(two.get(1).blocks()).extracting(CanonicalBlock::number).containsExactly(3L, 1L);
    long firstLength = two.get(0).payloadBlock().dataLength();
    assertThat(two.get(1).primary().fragmentOffset()).isEqualTo(firstLength);
    assertThat(two.get(1).payloadBlock().dataLength()).isEqualTo(1000 - firstLength);
    assertThat(two.get(1).primary().totalAduLength()).isEqualTo(1000);
  }

  @Test
  void splittingLeavesABundleThatFitsWholeAndRefusesOneThatMustNotBeFragmented() {
    Bundle fits = bundle(100, 0);
    Bundle frozen = bundle(1000, BundleProcessingFlags.MUST_NOT_FRAGMENT);

    assertThat(Fragmentation.split(fits, CODEC.encode(fits).length))
        .isEqualTo(new Fragmentation.Fragments(List.of(fits)));
    assertThat(Fragmentation.split(frozen, 300))
        .isEqualTo(
            new Fragmentation.MustNotFragment(frozen.id(), CODEC.encode(frozen).length, 300));
  }

  @Test
  void refusesABundleFlaggedMustNotFragment() {
    Bundle b = bundle(1000, BundleProcessingFlags.MUST_NOT_FRAGMENT);

    Fragmentation result = Fragmentation.of(b, 200);

    assertThat(result)
        .isEqualTo(new Fragmentation.MustNotFragment(b.id(), CODEC.encode(b).length, 200));
  }

  @Test
  void keepsABundleFlaggedMustNotFragmentThatFits() {
    Bundle b = bundle(10, BundleProcessingFlags.MUST_NOT_FRAGMENT);

    assertThat(fragments(b, 1000)).containsExactly(b);
  }

  @Test
  void refusesALimitTooSmallForOnePayloadByte() {
    Bundle b = bundle(1000, 0);
    int overhead = CODEC.encode(bundle(0, 0)).length;

    Fragmentation result = Fragmentation.of(b, overhead);

    assertThat(result).isInstanceOf(Fragmentation.LimitTooSmall.class);
    assertThat(((Fragmentation.LimitTooSmall) result).problem())
        .contains("offset 0")
        .contains("limit of " + overhead);
  }

  @Test
  void refusesToSplitAOneBytePayload() {
    Bundle b = bundle(1, 0);

    Fragmentation result = Fragmentation.of(b, CODEC.encode(b).length - 1);

    assertThat(result).isInstanceOf(Fragmentation.LimitTooSmall.class);
    assertThat(((Fragmentation.LimitTooSmall) result).problem()).contains("cannot be split");
  }

  @Test
  void replicatesTheBundleAgeBlockWhenTheCreationTimeIsZero() {
    PrimaryBlock primary =
        PrimaryBlock.of(ipn(3, 1), ipn(1, 1), new CreationTimestamp(0, 1), 60_000);
    CanonicalBlock age =
        new CanonicalBlock(
            BlockType.BUNDLE_AGE,
            2,
            BlockProcessingFlags.NONE,
            CrcType.CRC32C,
            ExtensionBlocks.bundleAgeData(1234));
    Bundle b =
        Bundle.of(primary, List.of(age, CanonicalBlock.payload(ByteBuffer.wrap(payload(500)))));

    List<Bundle> fragments = fragments(b, 120);

    assertThat(fragments).hasSizeGreaterThan(2);
    assertThat(fragments).allSatisfy(f -> assertThat(f.bundleAgeMillis()).hasValue(1234));
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> Fragmentation.of(bundle(10, 0), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
