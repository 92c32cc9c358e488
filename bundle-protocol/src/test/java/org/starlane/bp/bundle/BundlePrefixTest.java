package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.bundle.ReferenceEncoder.bytes;
import static org.starlane.bp.bundle.ReferenceEncoder.cat;
import static org.starlane.bp.bundle.ReferenceEncoder.head;
import static org.starlane.bp.bundle.ReferenceEncoder.uint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactive fragmentation in the codec (RFC 9171 §5.8; RFC 9174 §3.2): a received prefix of an
 * encoded bundle as a fragment ({@link BundleCodec#decodePrefix}), where the payload data start
 * ({@link BundleCodec#payloadDataOffset}), and the remainder a sender keeps ({@link
 * Fragmentation#remainder}).
 */
class BundlePrefixTest {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  @TempDir Path dir;

  /** Hop count (2), previous node (3, replicated in every fragment), unknown type 200 (4). */
  private final Bundle original = FragmentationTest.bundle(1000, 0);

  private final byte[] encoded = CODEC.encode(original);
  private final int dataOffset = (int) BundleCodec.payloadDataOffset(original);

  @Test
  void findsThePayloadDataRightAfterThePayloadBlocksByteStringHeader() {
    // 1000 bytes of data take a 3-byte header (0x59 0x03 0xe8); the CRC-16 item and the break
    // (1 + 2 + 1 bytes) follow the data
    assertThat(encoded.length - dataOffset).isEqualTo(1000 + 4);
    assertThat(Arrays.copyOfRange(encoded, dataOffset - 3, dataOffset))
        .isEqualTo(bytes(0x59, 0x03, 0xe8));
    assertThat(Arrays.copyOfRange(encoded, dataOffset, dataOffset + 1000))
        .isEqualTo(FragmentationTest.payload(1000));
  }

  @Test
  void keepsThePayloadOctetsThatArrivedAsAFragmentAtOffsetZeroWithEveryBlock() {
    Bundle fragment = CODEC.decodePrefix(Arrays.copyOf(encoded, dataOffset + 300));

    assertThat(fragment.primary().isFragment()).isTrue();
    assertThat(fragment.primary().fragmentOffset()).isZero();
    assertThat(fragment.primary().totalAduLength()).isEqualTo(1000);
    assertThat(fragment.primary().crcType()).isEqualTo(CrcType.CRC16_X25);
    assertThat(fragment.blocks())
        .extracting(CanonicalBlock::number)
        .containsExactly(2L, 3L, 4L, 1L);
    assertThat(fragment.payloadBlock().dataBytes())
        .isEqualTo(Arrays.copyOf(FragmentationTest.payload(1000), 300));
    assertThat(fragment.id())
        .isEqualTo(
            new BundleId(
                original.primary().source(), original.primary().creationTimestamp(), true, 0, 300));
    // new CRCs on the primary and payload blocks: the fragment encodes to a valid bundle
    assertThat(CODEC.decode(CODEC.encode(fragment))).isEqualTo(fragment);
  }

  @Test
  void keepsTheExtensionBlocksOfThePrefixByteForByte() {
    // a hop count block whose block number is in a longer form than needed: re-encoding it
    // would change its octets (and its CRC)
    byte[] hopCount = ReferenceEncoder.hopCount(2, 30, 4).number(uint(2, 4)).encode();
    ReferenceEncoder.Canonical payload = ReferenceEncoder.payload(FragmentationTest.payload(50));
    ReferenceEncoder.WireBundle wire =
        ReferenceEncoder.bundle(ReferenceEncoder.primary().encode(), hopCount, payload.encode());
    int at = wire.start(2) + payload.dataContentOffset();

    Bundle fragment = CODEC.decodePrefix(Arrays.copyOf(wire.bytes(), at + 10));

    assertThat(CODEC.encode(fragment)).containsSequence(hopCount);
    assertThat(fragment.hopCount()).contains(new HopCount(30, 4));
  }

  @Test
  void refusesAPrefixCutInsideThePrimaryBlock() {
    assertThatThrownBy(() -> CODEC.decodePrefix(Arrays.copyOf(encoded, 12)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("primary block")
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesAPrefixCutInsideAnExtensionBlock() {
    assertThatThrownBy(() -> CODEC.decodePrefix(Arrays.copyOf(encoded, dataOffset - 10)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesAPrefixThatEndsBeforeTheFirstPayloadOctet() {
    assertThatThrownBy(() -> CODEC.decodePrefix(Arrays.copyOf(encoded, dataOffset)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("payload")
        .hasMessageContaining("before the first payload octet");
    // cut inside the payload block's byte string header
    assertThatThrownBy(() -> CODEC.decodePrefix(Arrays.copyOf(encoded, dataOffset - 1)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void keepsAllButTheLastPayloadOctetWhenOnlyTheCrcOrTheEndIsMissing() {
    for (int missing = 1; missing <= 4; missing++) { // CRC-16 item (3 octets) and the break
      Bundle fragment = CODEC.decodePrefix(Arrays.copyOf(encoded, encoded.length - missing));

      assertThat(fragment.payloadBlock().dataBytes())
          .isEqualTo(Arrays.copyOf(FragmentationTest.payload(1000), 999));
      assertThat(fragment.primary().totalAduLength()).isEqualTo(1000);
    }
  }

  @Test
  void refusesAPrefixOfAOneOctetPayload() {
    Bundle tiny = FragmentationTest.bundle(1, 0);
    byte[] bytes = CODEC.encode(tiny);

    assertThatThrownBy(() -> CODEC.decodePrefix(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("cannot be fragmented");
  }

  @Test
  void refusesAPrefixOfABundleThatMustNotBeFragmented() {
    byte[] frozen =
        CODEC.encode(FragmentationTest.bundle(1000, BundleProcessingFlags.MUST_NOT_FRAGMENT));

    assertThatThrownBy(() -> CODEC.decodePrefix(Arrays.copyOf(frozen, frozen.length - 100)))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("primary block")
        .hasMessageContaining("must not be fragmented");
  }

  @Test
  void refusesAPrefixWhoseExtensionBlockFailsItsCrc() {
    byte[] damaged = Arrays.copyOf(encoded, dataOffset + 100);
    damaged[dataOffset - 12] ^= 0x01; // inside the unknown block 4, before the payload block

    assertThatThrownBy(() -> CODEC.decodePrefix(damaged))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("mismatch");
  }

  @Test
  void aPrefixOfAFragmentKeepsTheOffsetsOfTheOriginalAdu() {
    Bundle later = ((Fragmentation.Fragments) Fragmentation.of(original, 300)).bundles().get(2);
    byte[] bytes = CODEC.encode(later);
    int offset = (int) BundleCodec.payloadDataOffset(later);

    Bundle fragment = CODEC.decodePrefix(Arrays.copyOf(bytes, offset + 20));

    assertThat(fragment.primary().fragmentOffset()).isEqualTo(later.primary().fragmentOffset());
    assertThat(fragment.primary().totalAduLength()).isEqualTo(1000);
    assertThat(fragment.payloadBlock().dataBytes())
        .isEqualTo(
            Arrays.copyOfRange(
                FragmentationTest.payload(1000),
                (int) later.primary().fragmentOffset(),
                (int) later.primary().fragmentOffset() + 20));
  }

  @Test
  void findsThePayloadDataInAPayloadBlockThatKeepsANonCanonicalEncoding() {
    // an indefinite-length payload block with its number and data length in longer forms
    ReferenceEncoder.Canonical payload =
        ReferenceEncoder.payload(FragmentationTest.payload(100))
            .number(uint(1, 4))
            .dataItem(cat(head(2, 100, 2), FragmentationTest.payload(100)))
            .indefinite();
    ReferenceEncoder.WireBundle wire =
        ReferenceEncoder.bundle(ReferenceEncoder.primary().encode(), payload.encode());
    Bundle decoded = CODEC.decode(wire.bytes());
    int expected = wire.start(1) + payload.dataContentOffset();

    assertThat(BundleCodec.payloadDataOffset(decoded)).isEqualTo(expected);
    assertThat(
            CODEC
                .decodePrefix(Arrays.copyOf(wire.bytes(), expected + 7))
                .payloadBlock()
                .dataBytes())
        .isEqualTo(Arrays.copyOf(FragmentationTest.payload(100), 7));
    // after a forwarding edit (a new previous node block), the payload block keeps its encoding
    Bundle forwarded = decoded.withPreviousNode(org.starlane.bp.eid.EndpointId.ipn(5, 0));
    byte[] forwardedBytes = CODEC.encode(forwarded);
    long offset = BundleCodec.payloadDataOffset(forwarded);
    assertThat(Arrays.copyOfRange(forwardedBytes, (int) offset, (int) offset + 100))
        .isEqualTo(FragmentationTest.payload(100));
    assertThat(forwardedBytes[(int) offset - 3]).isEqualTo((byte) 0x59); // the 2-byte length form
  }

  @Test
  void findsThePayloadDataOfAFileBackedPayloadAsTheStreamingEncoderWritesIt() throws Exception {
    Path file = dir.resolve("payload.bin");
    Files.write(file, FragmentationTest.payload(5000));
    Bundle inFile = original.withBlock(original.payloadBlock().withData(PayloadFile.of(file)));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    CODEC.encode(inFile, out);
    byte[] streamed = out.toByteArray();
    int offset = (int) BundleCodec.payloadDataOffset(inFile);

    assertThat(Arrays.copyOfRange(streamed, offset, offset + 5000))
        .isEqualTo(FragmentationTest.payload(5000));
    assertThat(streamed.length - offset).isEqualTo(5000 + 4);
  }

  @Test
  void theRemainderOfAFileBackedPayloadIsARegionOfTheSameFile() throws Exception {
    Path file = dir.resolve("payload.bin");
    Files.write(file, FragmentationTest.payload(5000));
    Bundle inFile = original.withBlock(original.payloadBlock().withData(PayloadFile.of(file)));

    Bundle rest = Fragmentation.remainder(inFile, 1234);

    assertThat(rest.payloadBlock().dataFile()).isEqualTo(new PayloadFile(file, 1234, 5000 - 1234));
    assertThat(rest.primary().fragmentOffset()).isEqualTo(1234);
    assertThat(rest.primary().totalAduLength()).isEqualTo(5000);
    assertThat(rest.blocks()).extracting(CanonicalBlock::number).containsExactly(3L, 1L);
  }

  @Test
  void aRemainderMustLeaveSomethingOnEitherSide() {
    assertThatThrownBy(() -> Fragmentation.remainder(original, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fragmentation.remainder(original, 1000))
        .isInstanceOf(IllegalArgumentException.class);
    Bundle frozen = FragmentationTest.bundle(1000, BundleProcessingFlags.MUST_NOT_FRAGMENT);
    assertThatThrownBy(() -> Fragmentation.remainder(frozen, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be fragmented");
  }

  @Test
  void aPrefixAndALongerOverlappingRemainderReassembleIntoAFile() throws Exception {
    int length = 100_000; // over the 64 KiB file threshold: assembled in a file
    Bundle big = FragmentationTest.bundle(length, 0);
    byte[] bytes = CODEC.encode(big);
    int offset = (int) BundleCodec.payloadDataOffset(big);
    // the receiver got 70,000 payload octets, the sender saw 60,000 acknowledged
    Bundle kept = CODEC.decodePrefix(Arrays.copyOf(bytes, offset + 70_000));
    Bundle rest = Fragmentation.remainder(big, 60_000);
    Reassembly reassembly = new Reassembly(4, 1 << 20, dir, Long.MAX_VALUE);

    assertThat(reassembly.add(rest)).isInstanceOf(Reassembly.Incomplete.class);
    Reassembly.Outcome outcome = reassembly.add(kept);

    Bundle whole = ((Reassembly.Complete) outcome).bundle();
    assertThat(whole.payloadBlock().isFileBacked()).isTrue();
    assertThat(Files.readAllBytes(whole.payloadBlock().dataFile().path()))
        .isEqualTo(FragmentationTest.payload(length));
    assertThat(whole.primary()).isEqualTo(big.primary());
  }
}
