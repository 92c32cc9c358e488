package org.starlane.node.tshark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.node.tshark.TsharkFrame.child;
import static org.starlane.node.tshark.TsharkFrame.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleFormatException;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.DtnTime;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.DtnNone;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * Cross-checks our BPv7 encoding (RFC 9171 §4) with an implementation we did not write: Wireshark's
 * {@code bpv7} dissector. Each bundle, built with {@link Bundle#of} and encoded with {@link
 * BundleCodec}, goes into one UDP datagram to port 4556 (the datagram convergence layer of RFC
 * 7122: one bundle per datagram); tshark dissects the capture, and {@link DissectedBundle} compares
 * every field it reports with what we encoded: block boundaries, the primary block (§4.3.1),
 * canonical blocks (§4.3.2), the extension blocks of §4.4, CRC-16/X-25 and CRC-32C (§4.2.2), and
 * the absence of expert warnings and errors. Fragment reassembly (§5.8) is checked on a pair of
 * fragments, and a corrupted bundle shows that a bad CRC would be seen.
 *
 * <p>Requires {@code tshark}; fails (never skips) without it.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TsharkBundleIT {
  static final Instant CREATED = Instant.parse("2025-05-08T06:13:20Z");

  /** Fragment case names, in capture order: the second completes the ADU. */
  static final String FIRST_FRAGMENT = "fragment at offset 0 of 5";

  static final String LAST_FRAGMENT = "fragment at offset 3 of 5";
  static final byte[] FRAGMENTED_ADU = "hello".getBytes(StandardCharsets.US_ASCII);

  static final List<EncodedBundle> BUNDLES = bundlesToCheck();

  private Tshark tshark;
  private List<DissectedBundle> dissected;

  @BeforeAll
  void dissectCapture(@TempDir Path dir) throws IOException {
    tshark = Tshark.locate();
    dissected = tshark.dissectBundles(dir.resolve("bundles.pcap"), BUNDLES);
  }

  static Stream<EncodedBundle> bundles() {
    return BUNDLES.stream();
  }

  private DissectedBundle dissectionOf(EncodedBundle bundle) {
    return dissected.get(BUNDLES.indexOf(bundle));
  }

  private DissectedBundle dissectionOf(String name) {
    return dissected.stream()
        .filter(d -> d.encoded().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void capturesEveryKindOfBundleTheCrossCheckMustCover() {
    List<Bundle> all = BUNDLES.stream().map(EncodedBundle::bundle).toList();
    List<CrcType> blockCrcs =
        all.stream()
            .flatMap(
                b ->
                    Stream.concat(
                        Stream.of(b.primary().crcType()),
                        b.blocks().stream().map(CanonicalBlock::crcType)))
            .toList();
    assertThat(blockCrcs).contains(CrcType.CRC16_X25, CrcType.CRC32C, CrcType.NONE);
    assertThat(all)
        .anyMatch(b -> b.primary().crcType() == CrcType.CRC16_X25)
        .anyMatch(b -> b.primary().crcType() == CrcType.CRC32C)
        .anyMatch(b -> b.primary().destination() instanceof IpnEndpoint)
        .anyMatch(b -> b.primary().destination() instanceof DtnEndpoint)
        .anyMatch(b -> b.primary().source() instanceof DtnNone)
        .anyMatch(b -> b.primary().reportTo() instanceof DtnEndpoint)
        .anyMatch(b -> b.primary().reportTo() instanceof IpnEndpoint)
        .anyMatch(b -> b.primary().isFragment())
        .anyMatch(b -> b.hopCount().isPresent())
        .anyMatch(b -> b.bundleAgeMillis().isPresent())
        .anyMatch(b -> b.previousNode().isPresent())
        .anyMatch(b -> !b.unknownBlocks().isEmpty())
        .anyMatch(b -> b.primary().creationTimestamp().isTimeUnknown());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void wiresharkReadsTheWholeDatagramAsOneBpv7Bundle(EncodedBundle bundle) {
    dissectionOf(bundle).assertWholeDatagramIsOneBundle();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void primaryBlockFieldsAreTheOnesWeEncoded(EncodedBundle bundle) {
    dissectionOf(bundle).assertPrimaryBlockAsEncoded();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void canonicalBlocksAreTheOnesWeEncodedInWireOrder(EncodedBundle bundle) {
    dissectionOf(bundle).assertCanonicalBlocksAsEncoded();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void wiresharkFindsEveryBlockCrcGood(EncodedBundle bundle) {
    dissectionOf(bundle).assertEveryBlockCrcGood();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void wiresharkRaisesNoExpertWarningOrError(EncodedBundle bundle) {
    dissectionOf(bundle).assertNoExpertWarningOrError();
  }

  @Test
  void wiresharkReassemblesTheFragmentsIntoTheOriginalPayload() {
    DissectedBundle first = dissectionOf(FIRST_FRAGMENT);
    DissectedBundle last = dissectionOf(LAST_FRAGMENT);
    JsonNode firstBundle = first.frame().bpv7();
    assertThat(text(firstBundle, "bpv7.payload.reassembled.in"))
        .as("frame in which the first fragment's ADU is reassembled")
        .isEqualTo(String.valueOf(last.frameNumber()));
    assertThat(text(firstBundle, "bpv7.bundle.identity"))
        .endsWith("Frag Offset: 0, Total Length: " + FRAGMENTED_ADU.length);

    JsonNode lastBundle = last.frame().bpv7();
    assertThat(text(lastBundle, "bpv7.bundle.identity"))
        .endsWith("Frag Offset: 3, Total Length: " + FRAGMENTED_ADU.length);
    JsonNode fragments = child(lastBundle, "bpv7.payload.fragments");
    assertThat(text(fragments, "bpv7.payload.fragment.count")).isEqualTo("2");
    assertThat(TsharkFrame.values(fragments, "bpv7.payload.fragment"))
        .extracting(JsonNode::asText)
        .containsExactly(String.valueOf(first.frameNumber()), String.valueOf(last.frameNumber()));
    assertThat(text(fragments, "bpv7.payload.reassembled.length"))
        .isEqualTo(String.valueOf(FRAGMENTED_ADU.length));
    assertThat(text(fragments, "bpv7.payload.reassembled.data").replace(":", ""))
        .isEqualTo(DissectedBundle.hex(FRAGMENTED_ADU));
  }

  @Test
  void wiresharkReportsABitFlippedInThePayloadAsABadCrc(@TempDir Path dir) throws IOException {
    // A control for the assertions above: they must be able to see a broken CRC.
    EncodedBundle original = BUNDLES.get(0);
    byte[] corrupted = original.bytes().clone();
    // ... | payload data | 0x44 (4-byte string) | CRC-32C | 0xff (break)
    int lastPayloadByte = corrupted.length - 1 - 4 - 1 - 1;
    corrupted[lastPayloadByte] ^= 0x01;
    assertThatThrownBy(() -> BundleCodec.DEFAULT.decode(corrupted))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("CRC");

    Path capture = dir.resolve("corrupted.pcap");
    Tshark.writeCapture(capture, List.of(corrupted));
    TsharkFrame frame = tshark.dissect(capture, Tshark.BUNDLE_UDP_PORT).get(0);
    List<JsonNode> blocks = frame.bpv7Blocks();
    assertThat(text(blocks.get(0), "bpv7.crc_status")).as("primary block").isEqualTo("1");
    assertThat(text(blocks.get(blocks.size() - 1), "bpv7.crc_status"))
        .as("payload block")
        .isEqualTo("0");
    assertThat(frame.experts())
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo("bpv7.block_failed_crc");
              assertThat(e.isWarningOrError()).isTrue();
            });
  }

  // ---------------------------------------------------------------- the bundles

  static List<EncodedBundle> bundlesToCheck() {
    long created = DtnTime.fromInstant(CREATED);
    List<EncodedBundle> list = new ArrayList<>();

    list.add(
        EncodedBundle.of(
            "ipn EIDs, CRC-32C",
            Bundle.of(
                PrimaryBlock.of(
                    EndpointId.parse("ipn:2.1"),
                    EndpointId.parse("ipn:1.1"),
                    new CreationTimestamp(created, 1),
                    3_600_000),
                CanonicalBlock.payload(ascii("hi")))));

    list.add(
        EncodedBundle.of(
            "dtn EIDs, CRC-16, report-to and status report flags",
            Bundle.of(
                new PrimaryBlock(
                    BundleProcessingFlags.NONE
                        .with(BundleProcessingFlags.MUST_NOT_FRAGMENT)
                        .with(BundleProcessingFlags.REPORT_RECEPTION)
                        .with(BundleProcessingFlags.REPORT_DELIVERY)
                        .with(BundleProcessingFlags.STATUS_TIME_REQUESTED),
                    CrcType.CRC16_X25,
                    EndpointId.parse("dtn://bravo/inbox"),
                    EndpointId.parse("dtn://alpha/outbox"),
                    EndpointId.parse("dtn://alpha/"),
                    new CreationTimestamp(created, 2),
                    86_400_000,
                    0,
                    0),
                new CanonicalBlock(
                    BlockType.PAYLOAD,
                    1,
                    BlockProcessingFlags.NONE,
                    CrcType.CRC16_X25,
                    ascii("hello, bravo")))));

    list.add(
        EncodedBundle.of(
            "hop count, previous node and bundle age blocks",
            Bundle.of(
                PrimaryBlock.of(
                        EndpointId.parse("dtn://bravo/inbox"),
                        EndpointId.parse("ipn:10.1"),
                        new CreationTimestamp(created, 3),
                        600_000)
                    .withReportTo(EndpointId.parse("ipn:10.0")),
                List.of(
                    new CanonicalBlock(
                        BlockType.HOP_COUNT,
                        2,
                        BlockProcessingFlags.NONE,
                        CrcType.CRC16_X25,
                        ExtensionBlocks.hopCountData(new HopCount(30, 2))),
                    new CanonicalBlock(
                        BlockType.PREVIOUS_NODE,
                        3,
                        BlockProcessingFlags.NONE,
                        CrcType.CRC32C,
                        ExtensionBlocks.previousNodeData(EndpointId.parse("dtn://charlie/"))),
                    new CanonicalBlock(
                        BlockType.BUNDLE_AGE,
                        4,
                        BlockProcessingFlags.NONE.with(
                            BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT),
                        CrcType.NONE,
                        ExtensionBlocks.bundleAgeData(1234)),
                    new CanonicalBlock(
                        BlockType.PAYLOAD,
                        1,
                        BlockProcessingFlags.NONE,
                        CrcType.CRC32C,
                        ByteBuffer.wrap(pattern(300)))))));

    list.add(
        EncodedBundle.of(
            "unknown block types",
            Bundle.of(
                PrimaryBlock.of(
                    EndpointId.parse("ipn:20.64"),
                    EndpointId.parse("ipn:10.1"),
                    new CreationTimestamp(created, 4),
                    600_000),
                List.of(
                    new CanonicalBlock(
                        200, // private/experimental
                        7,
                        BlockProcessingFlags.NONE
                            .with(BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE)
                            .with(BlockProcessingFlags.REPORT_IF_UNPROCESSABLE),
                        CrcType.CRC32C,
                        ByteBuffer.wrap(new byte[] {0x43, 1, 2, 3})),
                    new CanonicalBlock(
                        99, // unassigned
                        5,
                        BlockProcessingFlags.NONE.with(
                            BlockProcessingFlags.DELETE_BUNDLE_IF_UNPROCESSABLE),
                        CrcType.CRC16_X25,
                        ByteBuffer.wrap(new byte[0])),
                    new CanonicalBlock(
                        BlockType.PAYLOAD,
                        1,
                        BlockProcessingFlags.NONE,
                        CrcType.CRC16_X25,
                        ascii("payload after unknown blocks"))))));

    // A relay's view: decoded, then hop count, previous node and bundle age changed; only those
    // blocks are re-encoded, the primary and payload blocks are copied byte for byte.
    Bundle sent =
        Bundle.of(
                PrimaryBlock.of(
                    EndpointId.parse("ipn:30.1"),
                    EndpointId.parse("ipn:1.1"),
                    new CreationTimestamp(created, 5),
                    3_600_000),
                CanonicalBlock.payload(ascii("forward me")))
            .withHopCount(new HopCount(8, 0))
            .withPreviousNode(EndpointId.parse("ipn:1.0"));
    Bundle received = BundleCodec.DEFAULT.decode(BundleCodec.DEFAULT.encode(sent));
    list.add(
        EncodedBundle.of(
            "relayed: decoded, then hop count, previous node and bundle age updated",
            received
                .withHopCount(received.hopCount().orElseThrow().increment())
                .withPreviousNode(EndpointId.parse("ipn:5.0"))
                .withBundleAgeMillis(250)));

    PrimaryBlock fragmented =
        PrimaryBlock.of(
            EndpointId.parse("ipn:2.1"),
            EndpointId.parse("ipn:1.1"),
            new CreationTimestamp(created, 6),
            3_600_000);
    list.add(
        EncodedBundle.of(
            FIRST_FRAGMENT,
            Bundle.of(
                fragmented.asFragment(0, FRAGMENTED_ADU.length),
                CanonicalBlock.payload(ByteBuffer.wrap(FRAGMENTED_ADU, 0, 3)))));
    list.add(
        EncodedBundle.of(
            LAST_FRAGMENT,
            Bundle.of(
                fragmented.asFragment(3, FRAGMENTED_ADU.length),
                CanonicalBlock.payload(ByteBuffer.wrap(FRAGMENTED_ADU, 3, 2)))));

    list.add(
        EncodedBundle.of(
            "anonymous source without a clock: creation time 0 and a bundle age block",
            Bundle.of(
                PrimaryBlock.of(
                    EndpointId.parse("dtn://sensors/~all"),
                    EndpointId.NONE,
                    new CreationTimestamp(0, 0),
                    86_400_000L * 365),
                List.of(
                    new CanonicalBlock(
                        BlockType.BUNDLE_AGE,
                        2,
                        BlockProcessingFlags.NONE,
                        CrcType.CRC32C,
                        ExtensionBlocks.bundleAgeData(86_400_000L * 3)),
                    new CanonicalBlock(
                        BlockType.PAYLOAD,
                        1,
                        BlockProcessingFlags.NONE,
                        CrcType.NONE,
                        ascii("21.5 C"))))));

    list.add(
        EncodedBundle.of(
            // The two-element form (FQNN = allocator << 32 | node): Wireshark 4.0 does not dissect
            // RFC
            // 9758's three-element form, which ipn:A.N.S text parses to.
            "allocator-qualified ipn EID (RFC 9758) and 64-bit fields",
            Bundle.of(
                PrimaryBlock.of(
                        ((IpnEndpoint) EndpointId.parse("ipn:977.5.1")).withElements(2),
                        EndpointId.parse("ipn:4294967294.18446744073709551615"),
                        new CreationTimestamp(created, -1L),
                        1L << 40)
                    .withReportTo(((IpnEndpoint) EndpointId.parse("ipn:977.5.0")).withElements(2)),
                CanonicalBlock.payload(ByteBuffer.wrap(pattern(24))))));
    return List.copyOf(list);
  }

  static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 7 + 3);
    }
    return bytes;
  }
}
