package org.starlane.node.tshark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.node.tshark.TsharkFrame.child;
import static org.starlane.node.tshark.TsharkFrame.optionalText;
import static org.starlane.node.tshark.TsharkFrame.raws;
import static org.starlane.node.tshark.TsharkFrame.text;
import static org.starlane.node.tshark.TsharkFrame.unsigned;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
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
import org.starlane.node.tshark.TsharkFrame.ExpertInfo;
import org.starlane.node.tshark.TsharkFrame.Raw;

/**
 * Cross-checks our BPv7 encoding (RFC 9171 §4) with an implementation we did not write: Wireshark's
 * {@code bpv7} dissector. Each bundle goes into one UDP datagram to port 4556 (the datagram
 * convergence layer of RFC 7122: one bundle per datagram), tshark dissects the capture, and every
 * field it reports is compared with what we encoded: block boundaries, the primary block (§4.3.1),
 * canonical blocks (§4.3.2), the extension blocks of §4.4, CRC-16/X-25 and CRC-32C (§4.2.2),
 * fragment reassembly (§5.9) and the absence of expert warnings and errors.
 *
 * <p>One expert warning is expected and allowed where Wireshark raises it for content it has no
 * dissector for, which says nothing about our encoding: {@code bpv7.sub_type_unknown} ("Unknown
 * type code") on the block-type-specific data of a block type Wireshark does not know, and on the
 * payload (Wireshark 4.0 has no payload dissector for ipn services, nor for dtn demuxes other than
 * its own registrations).
 *
 * <p>Requires {@code tshark}; fails (never skips) without it.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TsharkBundleIT {
  /** The UDP port of the datagram convergence layer (RFC 7122 §3.3, IANA "dtn-bundle"). */
  static final int BUNDLE_UDP_PORT = 4556;

  static final int SENDER_PORT = 40556;
  static final byte[] SENDER = {127, 0, 0, 1};
  static final byte[] RECEIVER = {127, 0, 0, 2};

  /** Where the bpv7 layer starts in a frame: after the IPv4 and UDP headers (LINKTYPE_RAW). */
  static final int BUNDLE_POSITION_IN_FRAME =
      PcapWriter.IPV4_HEADER_BYTES + PcapWriter.UDP_HEADER_BYTES;

  static final Instant CREATED = Instant.parse("2025-05-08T06:13:20Z");
  static final Instant CAPTURED = CREATED.plusSeconds(1);

  /** The expert info Wireshark raises for block data or a payload it has no dissector for. */
  static final String NO_SUBDISSECTOR = "bpv7.sub_type_unknown";

  /** Fragment case names, in capture order: the second completes the ADU. */
  static final String FIRST_FRAGMENT = "fragment at offset 0 of 5";

  static final String LAST_FRAGMENT = "fragment at offset 3 of 5";
  static final byte[] FRAGMENTED_ADU = "hello".getBytes(StandardCharsets.US_ASCII);

  /** A bundle, its name in test reports, and our encoding of it. */
  record EncodedBundle(String name, Bundle bundle, byte[] bytes) {
    static EncodedBundle of(String name, Bundle bundle) {
      return new EncodedBundle(name, bundle, BundleCodec.DEFAULT.encode(bundle));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<EncodedBundle> BUNDLES = bundlesToCheck();

  private Tshark tshark;
  private String tsharkVersion;
  private List<TsharkFrame> frames;

  @BeforeAll
  void dissectCapture(@TempDir Path dir) throws IOException {
    tshark = Tshark.locate();
    tsharkVersion = tshark.version();
    Path capture = dir.resolve("bundles.pcap");
    writeCapture(capture, BUNDLES.stream().map(EncodedBundle::bytes).toList());
    frames = tshark.dissect(capture, BUNDLE_UDP_PORT);
    assertThat(frames)
        .as("%s: one dissected frame per bundle written", tsharkVersion)
        .hasSize(BUNDLES.size());
  }

  static Stream<EncodedBundle> bundles() {
    return BUNDLES.stream();
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

  /** The frame dissected from a bundle's datagram. */
  private TsharkFrame frameOf(EncodedBundle bundle) {
    return frames.get(BUNDLES.indexOf(bundle));
  }

  private int frameNumberOf(String name) {
    for (int i = 0; i < BUNDLES.size(); i++) {
      if (BUNDLES.get(i).name().equals(name)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no bundle named " + name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void wiresharkReadsTheWholeDatagramAsOneBpv7Bundle(EncodedBundle encoded) {
    TsharkFrame frame = frameOf(encoded);
    JsonNode bpv7 = frame.bpv7();
    JsonNode udp = frame.layer("udp").orElseThrow();
    assertThat(text(udp, "udp.length")).isEqualTo(String.valueOf(8 + encoded.bytes().length));
    assertThat(TsharkFrame.findAll(udp, "udp.checksum.status"))
        .as("UDP checksum status (1 = good) of the capture we wrote")
        .extracting(JsonNode::asText)
        .containsExactly("1");
    assertThat(TsharkFrame.findAll(frame.layer("ip").orElseThrow(), "ip.checksum.status"))
        .as("IPv4 header checksum status (1 = good) of the capture we wrote")
        .extracting(JsonNode::asText)
        .containsExactly("1");

    List<Raw> layer = raws(frame.layers(), "bpv7");
    assertThat(layer).as("bpv7 layers in frame (%s)", frame.protocols()).hasSize(1);
    assertThat(layer.get(0).position()).isEqualTo(BUNDLE_POSITION_IN_FRAME);
    assertThat(hex(layer.get(0).bytes()))
        .as("the bytes tshark dissected as one bundle")
        .isEqualTo(hex(encoded.bytes()));

    assertThat(text(bpv7, "bpv7.bundle_head")).as("indefinite-length array head").isEqualTo("9f");
    assertThat(text(bpv7, "bpv7.bundle_break")).as("break").isEqualTo("ff");
    List<Raw> blocks = raws(bpv7, "bpv7.block");
    assertThat(blocks).hasSize(1 + encoded.bundle().blocks().size());
    byte[] inner = Arrays.copyOfRange(encoded.bytes(), 1, encoded.bytes().length - 1);
    assertThat(hex(concat(blocks)))
        .as("the blocks tshark found, concatenated, are the bundle between head and break")
        .isEqualTo(hex(inner));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void primaryBlockFieldsAreTheOnesWeEncoded(EncodedBundle encoded) {
    PrimaryBlock expected = encoded.bundle().primary();
    JsonNode primary = frameOf(encoded).bpv7Blocks().get(0);

    assertThat(text(primary, "bpv7.primary.version")).isEqualTo("7");
    assertThat(unsigned(text(primary, "bpv7.primary.bundle_flags")))
        .as("bundle processing control flags")
        .isEqualTo(expected.flags().bits());
    assertThat(text(primary, "bpv7.crc_type")).isEqualTo(code(expected.crcType()));
    assertEid(
        child(primary, "bpv7.primary.dst_eid"), "bpv7.primary.dst_uri", expected.destination());
    assertEid(child(primary, "bpv7.primary.src_nodeid"), "bpv7.primary.src_uri", expected.source());
    assertEid(
        child(primary, "bpv7.primary.report_nodeid"),
        "bpv7.primary.report_uri",
        expected.reportTo());

    JsonNode timestamp = child(primary, "bpv7.primary.create_ts");
    JsonNode time = child(timestamp, "bpv7.create_ts.time");
    long creation = expected.creationTimestamp().creationTimeMillis();
    assertThat(text(time, "bpv7.time.dtntime")).isEqualTo(Long.toUnsignedString(creation));
    if (creation != 0) {
      assertThat(utcTime(text(time, "bpv7.time.utctime")))
          .as("the creation time as tshark converts it from the DTN epoch 2000-01-01T00:00:00Z")
          .isEqualTo(DtnTime.toInstant(creation));
    }
    assertThat(text(timestamp, "bpv7.create_ts.seqno"))
        .isEqualTo(Long.toUnsignedString(expected.creationTimestamp().sequenceNumber()));
    assertThat(text(primary, "bpv7.primary.lifetime"))
        .isEqualTo(Long.toUnsignedString(expected.lifetimeMillis()));

    if (expected.isFragment()) {
      assertThat(text(primary, "bpv7.primary.frag_offset"))
          .isEqualTo(Long.toUnsignedString(expected.fragmentOffset()));
      assertThat(text(primary, "bpv7.primary.total_len"))
          .isEqualTo(Long.toUnsignedString(expected.totalAduLength()));
    } else {
      assertThat(primary.has("bpv7.primary.frag_offset")).isFalse();
      assertThat(primary.has("bpv7.primary.total_len")).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void canonicalBlocksAreTheOnesWeEncodedInWireOrder(EncodedBundle encoded) {
    List<CanonicalBlock> expected = encoded.bundle().blocks();
    List<JsonNode> dissected = frameOf(encoded).bpv7Blocks();
    assertThat(dissected).hasSize(1 + expected.size());
    for (int i = 0; i < expected.size(); i++) {
      CanonicalBlock block = expected.get(i);
      JsonNode json = dissected.get(i + 1);
      String what = block.describe();
      assertThat(text(json, "bpv7.canonical.type_code"))
          .as("%s type", what)
          .isEqualTo(Long.toUnsignedString(block.type()));
      assertThat(text(json, "bpv7.canonical.block_num"))
          .as("%s number", what)
          .isEqualTo(Long.toUnsignedString(block.number()));
      assertThat(unsigned(text(json, "bpv7.canonical.block_flags")))
          .as("%s block processing control flags", what)
          .isEqualTo(block.flags().bits());
      assertThat(text(json, "bpv7.crc_type"))
          .as("%s CRC type", what)
          .isEqualTo(code(block.crcType()));
      assertThat(text(json, "bpv7.canonical.data"))
          .as("%s block-type-specific data length", what)
          .isEqualTo(String.valueOf(block.dataLength()));

      if (block.type() == BlockType.HOP_COUNT) {
        HopCount hops = ExtensionBlocks.readHopCount(block.data());
        JsonNode data = child(json, "bpv7.canonical.data_tree");
        assertThat(text(data, "bpv7.hop_count.limit")).isEqualTo(String.valueOf(hops.limit()));
        assertThat(text(data, "bpv7.hop_count.current"))
            .isEqualTo(Long.toUnsignedString(hops.count()));
      } else if (block.type() == BlockType.BUNDLE_AGE) {
        JsonNode data = child(json, "bpv7.canonical.data_tree");
        assertThat(text(data, "bpv7.bundle_age.time"))
            .isEqualTo(Long.toUnsignedString(ExtensionBlocks.readBundleAgeMillis(block.data())));
      } else if (block.type() == BlockType.PREVIOUS_NODE) {
        JsonNode data = child(json, "bpv7.canonical.data_tree");
        assertEid(
            child(data, "bpv7.previous_node.nodeid"),
            "bpv7.previous_node.uri",
            ExtensionBlocks.readPreviousNode(block.data()));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void wiresharkFindsEveryBlockCrcGood(EncodedBundle encoded) {
    List<JsonNode> dissected = frameOf(encoded).bpv7Blocks();
    List<Raw> raws = raws(frameOf(encoded).bpv7(), "bpv7.block");
    List<CrcType> types = new ArrayList<>();
    types.add(encoded.bundle().primary().crcType());
    encoded.bundle().blocks().forEach(b -> types.add(b.crcType()));
    assertThat(dissected).hasSize(types.size());
    for (int i = 0; i < types.size(); i++) {
      JsonNode block = dissected.get(i);
      String what = i == 0 ? "primary block" : encoded.bundle().blocks().get(i - 1).describe();
      CrcType type = types.get(i);
      if (type == CrcType.NONE) {
        assertThat(block.has("bpv7.crc_status")).as("%s has no CRC", what).isFalse();
        assertThat(block.has("bpv7.crc_field")).as("%s has no CRC", what).isFalse();
        continue;
      }
      assertThat(text(block, "bpv7.crc_status"))
          .as("%s %s status (1 = good, 0 = bad)", what, type)
          .isEqualTo("1");
      byte[] blockBytes = raws.get(i).bytes();
      byte[] crc =
          Arrays.copyOfRange(blockBytes, blockBytes.length - type.valueLength(), blockBytes.length);
      assertThat(unsigned(text(block, "bpv7.crc_field")))
          .as("%s CRC value tshark read: the last %d bytes of the block", what, type.valueLength())
          .isEqualTo(Long.parseUnsignedLong(hex(crc), 16));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundles")
  void wiresharkRaisesNoExpertWarningOrError(EncodedBundle encoded) {
    TsharkFrame frame = frameOf(encoded);
    List<ExpertInfo> all = frame.experts();
    String context =
        "expert infos in frame " + frameNumberOf(encoded.name()) + " (" + tsharkVersion + ")";
    assertThat(all)
        .filteredOn(isField(NO_SUBDISSECTOR).negate())
        .filteredOn(e -> e.isWarningOrError() || e.field().startsWith("bpv7."))
        .as(context)
        .isEmpty();

    // "No dissector for this content" may only be said of an unknown block type's data ...
    List<JsonNode> dissected = frame.bpv7Blocks();
    long saidOfBlocks = 0;
    for (int i = 0; i < dissected.size(); i++) {
      List<ExpertInfo> experts = TsharkFrame.experts(dissected.get(i));
      saidOfBlocks += experts.size();
      boolean unknownType =
          i > 0 && !BlockType.isKnown(encoded.bundle().blocks().get(i - 1).type());
      String what = i == 0 ? "primary block" : encoded.bundle().blocks().get(i - 1).describe();
      if (unknownType) {
        assertThat(experts).as("%s on %s", context, what).allMatch(isField(NO_SUBDISSECTOR));
      } else {
        assertThat(experts).as("%s on %s", context, what).isEmpty();
      }
    }
    // ... and, once, of the payload's content, which Wireshark reports outside the bpv7 layer.
    assertThat(all.stream().filter(isField(NO_SUBDISSECTOR)).count() - saidOfBlocks)
        .as("%s outside the blocks: %s", context, all)
        .isBetween(0L, 1L);
  }

  @Test
  void wiresharkReassemblesTheFragmentsIntoTheOriginalPayload() {
    int first = frameNumberOf(FIRST_FRAGMENT);
    int last = frameNumberOf(LAST_FRAGMENT);
    JsonNode firstBundle = frames.get(first - 1).bpv7();
    assertThat(text(firstBundle, "bpv7.payload.reassembled.in"))
        .as("frame in which the first fragment's ADU is reassembled")
        .isEqualTo(String.valueOf(last));
    assertThat(text(firstBundle, "bpv7.bundle.identity"))
        .endsWith("Frag Offset: 0, Total Length: " + FRAGMENTED_ADU.length);

    JsonNode lastBundle = frames.get(last - 1).bpv7();
    assertThat(text(lastBundle, "bpv7.bundle.identity"))
        .endsWith("Frag Offset: 3, Total Length: " + FRAGMENTED_ADU.length);
    JsonNode fragments = child(lastBundle, "bpv7.payload.fragments");
    assertThat(text(fragments, "bpv7.payload.fragment.count")).isEqualTo("2");
    assertThat(TsharkFrame.values(fragments, "bpv7.payload.fragment"))
        .extracting(JsonNode::asText)
        .containsExactly(String.valueOf(first), String.valueOf(last));
    assertThat(text(fragments, "bpv7.payload.reassembled.length"))
        .isEqualTo(String.valueOf(FRAGMENTED_ADU.length));
    assertThat(text(fragments, "bpv7.payload.reassembled.data").replace(":", ""))
        .isEqualTo(hex(FRAGMENTED_ADU));
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
    writeCapture(capture, List.of(corrupted));
    TsharkFrame frame = tshark.dissect(capture, BUNDLE_UDP_PORT).get(0);
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
            "allocator-qualified ipn EID (RFC 9758) and 64-bit fields",
            Bundle.of(
                PrimaryBlock.of(
                        EndpointId.parse("ipn:977.5.1"),
                        EndpointId.parse("ipn:4294967294.18446744073709551615"),
                        new CreationTimestamp(created, -1L),
                        1L << 40)
                    .withReportTo(EndpointId.parse("ipn:977.5.0")),
                CanonicalBlock.payload(ByteBuffer.wrap(pattern(24))))));
    return List.copyOf(list);
  }

  // ---------------------------------------------------------------- helpers

  static void writeCapture(Path file, List<byte[]> datagrams) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        PcapWriter pcap = new PcapWriter(out)) {
      Instant time = CAPTURED;
      for (byte[] datagram : datagrams) {
        pcap.writeUdpDatagram(time, SENDER, SENDER_PORT, RECEIVER, BUNDLE_UDP_PORT, datagram);
        time = time.plusMillis(10);
      }
    }
  }

  /**
   * Asserts that tshark's EID subtree is {@code expected}. Wireshark 4.0 reads the two-element ipn
   * form {@code [FQNN, service]} as {@code [node, service]}, so an allocator-qualified EID (RFC
   * 9758) shows as node number {@code allocator << 32 | node}.
   */
  static void assertEid(JsonNode eid, String uriField, EndpointId expected) {
    String scheme = text(eid, "bpv7.eid.scheme");
    if (expected instanceof IpnEndpoint ipn) {
      assertThat(scheme).as("scheme of %s", expected).isEqualTo("2");
      String node = Long.toUnsignedString(ipn.fullyQualifiedNodeNumber());
      String service = Long.toUnsignedString(ipn.service());
      assertThat(text(eid, "bpv7.eid.ipn_node")).as("node of %s", expected).isEqualTo(node);
      assertThat(text(eid, "bpv7.eid.ipn_service"))
          .as("service of %s", expected)
          .isEqualTo(service);
      assertThat(text(eid, uriField)).isEqualTo("ipn:" + node + "." + service);
    } else if (expected instanceof DtnEndpoint dtn) {
      assertThat(scheme).as("scheme of %s", expected).isEqualTo("1");
      assertThat(text(eid, "bpv7.eid.dtn_ssp_text"))
          .isEqualTo("//" + dtn.nodeName() + "/" + dtn.demux());
      assertThat(optionalText(eid, "bpv7.eid.serv")).contains(dtn.demux());
      assertThat(text(eid, uriField)).isEqualTo(expected.toString());
    } else {
      assertThat(expected).isInstanceOf(DtnNone.class);
      assertThat(scheme).as("scheme of %s", expected).isEqualTo("1");
      assertThat(text(eid, "bpv7.eid.dtn_ssp_code")).isEqualTo("0");
      assertThat(text(eid, "bpv7.eid.wkssp")).isEqualTo("none");
      assertThat(text(eid, uriField)).isEqualTo("dtn:none");
    }
  }

  /** Parses tshark's absolute-time text, for example "May 8, 2025 06:13:20.000000000 UTC". */
  static Instant utcTime(String text) {
    String normalized = text.trim().replaceAll("\\s+", " ");
    return LocalDateTime.parse(
            normalized,
            DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSSSSSSSS 'UTC'", Locale.US))
        .toInstant(ZoneOffset.UTC);
  }

  static Predicate<ExpertInfo> isField(String field) {
    return e -> e.field().equals(field);
  }

  static String code(CrcType type) {
    return String.valueOf(type.code());
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

  static byte[] concat(List<Raw> raws) {
    int length = raws.stream().mapToInt(r -> r.bytes().length).sum();
    ByteBuffer out = ByteBuffer.allocate(length);
    raws.forEach(r -> out.put(r.bytes()));
    return out.array();
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
