package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.bundle.ReferenceEncoder.TIME;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.eid.EndpointId;

/**
 * {@link Bundle#of} and the edits a relay makes check the same RFC 9171 §4 rules as the decoder,
 * and report them with {@link BundleFormatException#NO_OFFSET}.
 */
class BundleTest {
  private static final EndpointId DEST = EndpointId.parse("ipn:2.1");
  private static final EndpointId SRC = EndpointId.parse("ipn:1.1");
  private static final CreationTimestamp CREATED = new CreationTimestamp(TIME, 0);
  private static final PrimaryBlock PRIMARY = PrimaryBlock.of(DEST, SRC, CREATED, 1000);
  private static final CanonicalBlock PAYLOAD = payload("abc");

  private static CanonicalBlock payload(String text) {
    return CanonicalBlock.payload(
        ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  private static CanonicalBlock block(long type, long number, long flags, byte[] data) {
    return new CanonicalBlock(
        type, number, new BlockProcessingFlags(flags), CrcType.CRC32C, ByteBuffer.wrap(data));
  }

  private static CanonicalBlock hop(long number, long limit, long count) {
    return block(
        BlockType.HOP_COUNT,
        number,
        0,
        ReferenceEncoder.array(ReferenceEncoder.uint(limit), ReferenceEncoder.uint(count)));
  }

  private static void assertRejected(
      PrimaryBlock primary,
      List<CanonicalBlock> blocks,
      String block,
      String field,
      String problem) {
    assertThatThrownBy(() -> Bundle.of(primary, blocks))
        .isInstanceOfSatisfying(
            BundleFormatException.class,
            e -> {
              assertThat(e.block()).isEqualTo(block);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.offset()).isEqualTo(BundleFormatException.NO_OFFSET);
              assertThat(e.getMessage()).contains(problem).doesNotContain("byte offset");
              assertThat(e.reason()).isEqualTo(StatusReportReason.BLOCK_UNINTELLIGIBLE);
            });
  }

  @Test
  void ofRejectsABundleWithoutPayloadBlock() {
    assertRejected(PRIMARY, List.of(), "bundle", "bundle array", "the payload block");
    assertRejected(
        PRIMARY,
        List.of(hop(2, 5, 0)),
        "block 2 (type 10, hop count)",
        "block type code",
        "last block must be the payload");
  }

  @Test
  void ofRejectsAPayloadBlockThatIsNotLastAndTwoPayloadBlocks() {
    assertRejected(
        PRIMARY,
        List.of(PAYLOAD, hop(2, 5, 0)),
        "block 1 (type 1, payload)",
        "block type code",
        "must be the last block");
    assertRejected(
        PRIMARY,
        List.of(PAYLOAD, payload("b")),
        "block 1 (type 1, payload)",
        "block type code",
        "exactly one payload block");
  }

  @Test
  void ofRejectsDuplicateBlockNumbers() {
    assertRejected(
        PRIMARY,
        List.of(block(192, 3, 0, new byte[0]), block(193, 3, 0, new byte[0]), PAYLOAD),
        "block 3 (type 193, private/experimental)",
        "block number",
        "duplicate block number 3");
  }

  @Test
  void ofFindsDuplicateBlockNumbersAmongManyBlocks() {
    List<CanonicalBlock> blocks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      blocks.add(block(192, 1000 - i, 0, new byte[0]));
    }
    blocks.add(block(193, 990, 0, new byte[0]));
    blocks.add(PAYLOAD);
    assertRejected(
        PRIMARY, blocks, "block 990 (type 193, private/experimental)", "block number", "990");
    blocks.remove(40);
    assertThat(Bundle.of(PRIMARY, blocks).blocks()).hasSize(41);
  }

  @Test
  void ofRejectsACrclessPrimaryBlockWithoutABibTargetingIt() {
    PrimaryBlock noCrc = PRIMARY.withCrcType(CrcType.NONE);
    assertRejected(noCrc, List.of(PAYLOAD), "primary block", "CRC type", "block integrity block");
    assertThat(
            Bundle.of(noCrc, List.of(block(11, 2, 0, ReferenceEncoder.asb(0)), PAYLOAD))
                .primary()
                .crcType())
        .isEqualTo(CrcType.NONE);
  }

  @Test
  void ofRejectsCreationTime0WithoutBundleAge() {
    PrimaryBlock unknownTime = PrimaryBlock.of(DEST, SRC, new CreationTimestamp(0, 9), 1000);
    assertRejected(
        unknownTime, List.of(PAYLOAD), "primary block", "creation timestamp", "bundle age block");
    assertThat(
            Bundle.of(unknownTime, List.of(block(7, 2, 0, ReferenceEncoder.uint(5)), PAYLOAD))
                .bundleAgeMillis())
        .hasValue(5);
  }

  @Test
  void ofRejectsAFragmentPastItsTotalLength() {
    assertRejected(
        PRIMARY.asFragment(1, 3),
        List.of(PAYLOAD),
        "primary block",
        "fragment offset",
        "fragment offset 1 plus payload length 3 exceeds");
    assertThat(Bundle.of(PRIMARY.asFragment(0, 3), List.of(PAYLOAD)).id().fragmentLength())
        .isEqualTo(3);
  }

  @Test
  void ofRejectsInvalidOrRepeatedExtensionBlocks() {
    assertRejected(
        PRIMARY,
        List.of(hop(2, 0, 0), PAYLOAD),
        "block 2 (type 10, hop count)",
        "block-type-specific data",
        "hop limit 0");
    assertRejected(
        PRIMARY,
        List.of(hop(2, 5, 0), hop(3, 5, 0), PAYLOAD),
        "block 3 (type 10, hop count)",
        "block type code",
        "at most one hop count block");
    assertRejected(
        PRIMARY,
        List.of(block(6, 2, 0, new byte[] {0x01}), PAYLOAD),
        "block 2 (type 6, previous node)",
        "block-type-specific data",
        "expected an array");
  }

  @Test
  void ofRejectsReportRequestingBlocksInAnAdministrativeRecord() {
    PrimaryBlock admin =
        PRIMARY.withFlags(new BundleProcessingFlags(BundleProcessingFlags.ADMINISTRATIVE_RECORD));
    assertRejected(
        admin,
        List.of(block(1, 1, BlockProcessingFlags.REPORT_IF_UNPROCESSABLE, new byte[0])),
        "block 1 (type 1, payload)",
        "block processing control flags",
        "report if unprocessable");
  }

  @Test
  void ofCopiesTheListOfBlocks() {
    List<CanonicalBlock> blocks = new ArrayList<>(List.of(hop(2, 5, 0), PAYLOAD));
    Bundle b = Bundle.of(PRIMARY, blocks);
    blocks.clear();
    assertThat(b.blocks()).hasSize(2);
    assertThatThrownBy(() -> b.blocks().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void findsBlocksByNumberAndType() {
    Bundle b =
        Bundle.of(
            PRIMARY,
            List.of(
                block(192, 4, 0, new byte[] {1}),
                hop(2, 5, 1),
                block(7, 3, 0, ReferenceEncoder.uint(77)),
                block(6, 5, 0, ReferenceEncoder.ipn(9, 0)),
                PAYLOAD));
    assertThat(b.block(4)).hasValueSatisfying(x -> assertThat(x.type()).isEqualTo(192));
    assertThat(b.block(8)).isEmpty();
    assertThat(b.firstBlockOfType(BlockType.HOP_COUNT))
        .hasValueSatisfying(x -> assertThat(x.number()).isEqualTo(2));
    assertThat(b.unknownBlocks()).extracting(CanonicalBlock::number).containsExactly(4L);
    assertThat(b.hopCount()).hasValue(new HopCount(5, 1));
    assertThat(b.bundleAgeMillis()).hasValue(77);
    assertThat(b.previousNode()).hasValue(EndpointId.parse("ipn:9.0"));
    assertThat(b.payloadBlock()).isEqualTo(PAYLOAD);
    assertThat(b.nextFreeBlockNumber()).isEqualTo(6);
    assertThat(Bundle.of(PRIMARY, PAYLOAD).hopCount()).isEmpty();
    assertThat(Bundle.of(PRIMARY, PAYLOAD).bundleAgeMillis()).isEmpty();
    assertThat(Bundle.of(PRIMARY, PAYLOAD).previousNode()).isEmpty();
  }

  @Test
  void theNextFreeBlockNumberNeverCollidesEvenAtTheTopOfTheRange() {
    assertThat(Bundle.of(PRIMARY, PAYLOAD).nextFreeBlockNumber()).isEqualTo(2);
    Bundle nearTop =
        Bundle.of(PRIMARY, List.of(block(192, Long.MAX_VALUE, 0, new byte[0]), PAYLOAD));
    assertThat(nearTop.nextFreeBlockNumber()).isEqualTo(Long.MIN_VALUE); // 2^63, unused
    Bundle top =
        Bundle.of(
            PRIMARY,
            List.of(block(192, -1L, 0, new byte[0]), block(193, 2, 0, new byte[0]), PAYLOAD));
    assertThat(top.nextFreeBlockNumber()).isEqualTo(3);
    assertThat(top.withHopCount(new HopCount(9, 0)).block(3)).isPresent();
  }

  @Test
  void editsCheckTheRulesToo() {
    Bundle b = Bundle.of(PRIMARY, List.of(hop(2, 5, 0), PAYLOAD));
    assertThatThrownBy(() -> b.withBlock(hop(3, 5, 0)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("at most one hop count block");
    assertThatThrownBy(() -> b.withoutBlock(1))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("last block must be the payload block");
    assertThatThrownBy(() -> b.withPrimary(PRIMARY.withCrcType(CrcType.NONE)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("CRC type 0");
  }

  @Test
  void withBlockReplacesTheBlockOfTheSameNumberOrInsertsBeforeThePayload() {
    Bundle b = Bundle.of(PRIMARY, List.of(hop(2, 5, 0), PAYLOAD));
    Bundle replaced = b.withBlock(hop(2, 5, 1));
    assertThat(replaced.blocks()).hasSize(2);
    assertThat(replaced.hopCount()).hasValue(new HopCount(5, 1));
    Bundle inserted = b.withBlock(block(192, 7, 0, new byte[0]));
    assertThat(inserted.blocks()).extracting(CanonicalBlock::number).containsExactly(2L, 7L, 1L);
    assertThat(b.blocks()).hasSize(2);
  }

  @Test
  void identifiesAFragmentBySourceTimestampOffsetAndLength() {
    Bundle whole = Bundle.of(PRIMARY, PAYLOAD);
    assertThat(whole.id()).isEqualTo(new BundleId(SRC, CREATED, false, 0, 0));
    Bundle fragment = Bundle.of(PRIMARY.asFragment(10, 20), PAYLOAD);
    assertThat(fragment.id()).isEqualTo(new BundleId(SRC, CREATED, true, 10, 3));
    assertThat(fragment.id().toString()).isEqualTo("ipn:1.1 @ " + TIME + ".0 fragment 10+3");
    assertThat(whole.toString()).contains("ipn:1.1").contains("ipn:2.1").contains("1 blocks");
    assertThatThrownBy(() -> new BundleId(SRC, CREATED, false, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalityIsByContentNotByEncoding() {
    Bundle a = Bundle.of(PRIMARY, PAYLOAD);
    Bundle b = BundleCodec.DEFAULT.decode(BundleCodec.DEFAULT.encode(a));
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(a).isNotEqualTo(Bundle.of(PRIMARY, payload("abd")));
  }
}
