package org.starlane.node.tshark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.node.tshark.TsharkFrame.child;
import static org.starlane.node.tshark.TsharkFrame.optionalText;
import static org.starlane.node.tshark.TsharkFrame.raws;
import static org.starlane.node.tshark.TsharkFrame.text;
import static org.starlane.node.tshark.TsharkFrame.unsigned;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
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
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.DtnTime;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.DtnNone;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;
import org.starlane.cl.testing.PcapWriter;
import org.starlane.node.tshark.TsharkFrame.ExpertInfo;
import org.starlane.node.tshark.TsharkFrame.Raw;

/**
 * What tshark dissected from the datagram that carried one {@link EncodedBundle}, with the
 * comparisons between the two (RFC 9171 §4). Each {@code assert...} method throws an {@link
 * AssertionError} that names the bundle, the block and the field that differ.
 *
 * <p>One expert warning is expected and allowed where Wireshark raises it for content it has no
 * dissector for, which says nothing about our encoding: {@code bpv7.sub_type_unknown} ("Unknown
 * type code") on the block-type-specific data of a block type Wireshark does not know, and once on
 * the payload (Wireshark 4.0 has no payload dissector for ipn services, nor for dtn demuxes other
 * than its own registrations).
 *
 * @param encoded what we put into the datagram
 * @param frame what tshark made of it
 * @param frameNumber the frame's number in the capture (1-based), for messages
 * @param tshark the tshark version, for messages
 */
record DissectedBundle(EncodedBundle encoded, TsharkFrame frame, int frameNumber, String tshark) {

  /** Where the bpv7 layer starts in a frame: after the IPv4 and UDP headers (LINKTYPE_RAW). */
  static final int BUNDLE_POSITION_IN_FRAME =
      PcapWriter.IPV4_HEADER_BYTES + PcapWriter.UDP_HEADER_BYTES;

  /** The expert info Wireshark raises for block data or a payload it has no dissector for. */
  static final String NO_SUBDISSECTOR = "bpv7.sub_type_unknown";

  /** Every comparison below. */
  void assertAsEncoded() {
    assertWholeDatagramIsOneBundle();
    assertPrimaryBlockAsEncoded();
    assertCanonicalBlocksAsEncoded();
    assertEveryBlockCrcGood();
    assertNoExpertWarningOrError();
  }

  /**
   * The datagram is well formed (IPv4 and UDP checksums good), and tshark dissected all of its
   * payload, exactly our bytes, as one bpv7 layer whose blocks (primary, then canonical) are our
   * blocks between the indefinite-length array head and its break.
   */
  void assertWholeDatagramIsOneBundle() {
    JsonNode bpv7 = frame.bpv7();
    JsonNode udp = frame.layer("udp").orElseThrow();
    assertThat(text(udp, "udp.length"))
        .as(where("UDP length"))
        .isEqualTo(String.valueOf(PcapWriter.UDP_HEADER_BYTES + encoded.bytes().length));
    assertThat(TsharkFrame.findAll(udp, "udp.checksum.status"))
        .as(where("UDP checksum status (1 = good) of the capture we wrote"))
        .extracting(JsonNode::asText)
        .containsExactly("1");
    assertThat(TsharkFrame.findAll(frame.layer("ip").orElseThrow(), "ip.checksum.status"))
        .as(where("IPv4 header checksum status (1 = good) of the capture we wrote"))
        .extracting(JsonNode::asText)
        .containsExactly("1");

    List<Raw> layer = raws(frame.layers(), "bpv7");
    assertThat(layer).as(where("bpv7 layers (protocols " + frame.protocols() + ")")).hasSize(1);
    assertThat(layer.get(0).position())
        .as(where("bpv7 layer position"))
        .isEqualTo(BUNDLE_POSITION_IN_FRAME);
    assertThat(hex(layer.get(0).bytes()))
        .as(where("the bytes tshark dissected as one bundle"))
        .isEqualTo(hex(encoded.bytes()));

    assertThat(text(bpv7, "bpv7.bundle_head"))
        .as(where("indefinite-length array head"))
        .isEqualTo("9f");
    assertThat(text(bpv7, "bpv7.bundle_break")).as(where("break")).isEqualTo("ff");
    List<Raw> blocks = raws(bpv7, "bpv7.block");
    assertThat(blocks).as(where("blocks")).hasSize(1 + encoded.bundle().blocks().size());
    byte[] inner = Arrays.copyOfRange(encoded.bytes(), 1, encoded.bytes().length - 1);
    assertThat(hex(concat(blocks)))
        .as(where("the blocks tshark found, concatenated: the bundle between head and break"))
        .isEqualTo(hex(inner));
  }

  /** Every primary block field (RFC 9171 §4.3.1) reads as we encoded it. */
  void assertPrimaryBlockAsEncoded() {
    PrimaryBlock expected = encoded.bundle().primary();
    JsonNode primary = frame.bpv7Blocks().get(0);

    assertThat(text(primary, "bpv7.primary.version")).as(where("version")).isEqualTo("7");
    assertThat(unsigned(text(primary, "bpv7.primary.bundle_flags")))
        .as(where("bundle processing control flags"))
        .isEqualTo(expected.flags().bits());
    assertThat(text(primary, "bpv7.crc_type"))
        .as(where("primary block CRC type"))
        .isEqualTo(code(expected.crcType()));
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
    assertThat(text(time, "bpv7.time.dtntime"))
        .as(where("creation time"))
        .isEqualTo(Long.toUnsignedString(creation));
    if (creation != 0) {
      assertThat(utcTime(text(time, "bpv7.time.utctime")))
          .as(where("creation time as tshark converts it from the DTN epoch 2000-01-01T00:00:00Z"))
          .isEqualTo(DtnTime.toInstant(creation));
    }
    assertThat(text(timestamp, "bpv7.create_ts.seqno"))
        .as(where("creation timestamp sequence number"))
        .isEqualTo(Long.toUnsignedString(expected.creationTimestamp().sequenceNumber()));
    assertThat(text(primary, "bpv7.primary.lifetime"))
        .as(where("lifetime"))
        .isEqualTo(Long.toUnsignedString(expected.lifetimeMillis()));

    if (expected.isFragment()) {
      assertThat(text(primary, "bpv7.primary.frag_offset"))
          .as(where("fragment offset"))
          .isEqualTo(Long.toUnsignedString(expected.fragmentOffset()));
      assertThat(text(primary, "bpv7.primary.total_len"))
          .as(where("total application data unit length"))
          .isEqualTo(Long.toUnsignedString(expected.totalAduLength()));
    } else {
      assertThat(primary.has("bpv7.primary.frag_offset")).as(where("fragment offset")).isFalse();
      assertThat(primary.has("bpv7.primary.total_len")).as(where("total ADU length")).isFalse();
    }
  }

  /**
   * The canonical blocks (RFC 9171 §4.3.2) are ours, in wire order, with our data; the hop count,
   * bundle age and previous node blocks (§4.4) carry our values.
   */
  void assertCanonicalBlocksAsEncoded() {
    List<CanonicalBlock> expected = encoded.bundle().blocks();
    List<JsonNode> dissected = frame.bpv7Blocks();
    assertThat(dissected).as(where("blocks")).hasSize(1 + expected.size());
    for (int i = 0; i < expected.size(); i++) {
      CanonicalBlock block = expected.get(i);
      JsonNode json = dissected.get(i + 1);
      String what = block.describe();
      assertThat(text(json, "bpv7.canonical.type_code"))
          .as(where(what + " type"))
          .isEqualTo(Long.toUnsignedString(block.type()));
      assertThat(text(json, "bpv7.canonical.block_num"))
          .as(where(what + " number"))
          .isEqualTo(Long.toUnsignedString(block.number()));
      assertThat(unsigned(text(json, "bpv7.canonical.block_flags")))
          .as(where(what + " block processing control flags"))
          .isEqualTo(block.flags().bits());
      assertThat(text(json, "bpv7.crc_type"))
          .as(where(what + " CRC type"))
          .isEqualTo(code(block.crcType()));
      assertThat(text(json, "bpv7.canonical.data"))
          .as(where(what + " block-type-specific data length"))
          .isEqualTo(String.valueOf(block.dataLength()));
      // tshark gives a zero-length item no raw bytes
      List<Raw> dataRaw = raws(json, "bpv7.canonical.data");
      assertThat(dataRaw).as(where(what + " block-type-specific data items")).hasSizeLessThan(2);
      assertThat(hex(concat(dataRaw)))
          .as(where(what + " block-type-specific data"))
          .isEqualTo(hex(block.dataBytes()));

      if (block.type() == BlockType.HOP_COUNT) {
        HopCount hops = ExtensionBlocks.readHopCount(block.data());
        JsonNode data = child(json, "bpv7.canonical.data_tree");
        assertThat(text(data, "bpv7.hop_count.limit"))
            .as(where("hop limit"))
            .isEqualTo(String.valueOf(hops.limit()));
        assertThat(text(data, "bpv7.hop_count.current"))
            .as(where("hop count"))
            .isEqualTo(Long.toUnsignedString(hops.count()));
      } else if (block.type() == BlockType.BUNDLE_AGE) {
        JsonNode data = child(json, "bpv7.canonical.data_tree");
        assertThat(text(data, "bpv7.bundle_age.time"))
            .as(where("bundle age"))
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

  /**
   * Wireshark computes every CRC-16/X-25 and CRC-32C (RFC 9171 §4.2.2) as we did: status good, and
   * the value it checked is the one at the end of the block; blocks of CRC type 0 have none.
   */
  void assertEveryBlockCrcGood() {
    List<JsonNode> dissected = frame.bpv7Blocks();
    List<Raw> raws = raws(frame.bpv7(), "bpv7.block");
    List<CrcType> types = new ArrayList<>();
    types.add(encoded.bundle().primary().crcType());
    encoded.bundle().blocks().forEach(b -> types.add(b.crcType()));
    assertThat(dissected).as(where("blocks")).hasSize(types.size());
    for (int i = 0; i < types.size(); i++) {
      JsonNode block = dissected.get(i);
      String what = describeBlock(i);
      CrcType type = types.get(i);
      if (type == CrcType.NONE) {
        assertThat(block.has("bpv7.crc_status")).as(where(what + " has no CRC")).isFalse();
        assertThat(block.has("bpv7.crc_field")).as(where(what + " has no CRC")).isFalse();
        continue;
      }
      assertThat(text(block, "bpv7.crc_status"))
          .as(where(what + " " + type + " status (1 = good, 0 = bad)"))
          .isEqualTo("1");
      byte[] blockBytes = raws.get(i).bytes();
      byte[] crc =
          Arrays.copyOfRange(blockBytes, blockBytes.length - type.valueLength(), blockBytes.length);
      assertThat(unsigned(text(block, "bpv7.crc_field")))
          .as(where(what + " CRC value tshark checked: the last bytes of the block"))
          .isEqualTo(Long.parseUnsignedLong(hex(crc), 16));
    }
  }

  /**
   * Wireshark raises no expert warning or error, and no bpv7 expert info at all, apart from "no
   * dissector for this content" on an unknown block type's data and once on the payload.
   */
  void assertNoExpertWarningOrError() {
    List<ExpertInfo> all = frame.experts();
    assertThat(all)
        .filteredOn(isField(NO_SUBDISSECTOR).negate())
        .filteredOn(e -> e.isWarningOrError() || e.field().startsWith("bpv7."))
        .as(where("expert infos"))
        .isEmpty();

    List<JsonNode> dissected = frame.bpv7Blocks();
    long saidOfBlocks = 0;
    for (int i = 0; i < dissected.size(); i++) {
      List<ExpertInfo> experts = TsharkFrame.experts(dissected.get(i));
      saidOfBlocks += experts.size();
      boolean unknownType =
          i > 0 && !BlockType.isKnown(encoded.bundle().blocks().get(i - 1).type());
      if (unknownType) {
        assertThat(experts)
            .as(where("expert infos on " + describeBlock(i)))
            .allMatch(isField(NO_SUBDISSECTOR));
      } else {
        assertThat(experts).as(where("expert infos on " + describeBlock(i))).isEmpty();
      }
    }
    // Wireshark says it of the payload's content outside the bpv7 layer.
    assertThat(all.stream().filter(isField(NO_SUBDISSECTOR)).count() - saidOfBlocks)
        .as(where("'" + NO_SUBDISSECTOR + "' outside the blocks; all expert infos: " + all))
        .isBetween(0L, 1L);
  }

  private String describeBlock(int index) {
    return index == 0 ? "primary block" : encoded.bundle().blocks().get(index - 1).describe();
  }

  private String where(String what) {
    return "frame " + frameNumber + " (" + encoded.name() + ", " + tshark + "): " + what;
  }

  /**
   * Asserts that tshark's EID subtree is {@code expected}. Wireshark 4.0 reads the two-element ipn
   * form {@code [FQNN, service]} as {@code [node, service]}, so an allocator-qualified EID (RFC
   * 9758) shows as node number {@code allocator << 32 | node}.
   */
  void assertEid(JsonNode eid, String uriField, EndpointId expected) {
    String scheme = text(eid, "bpv7.eid.scheme");
    String what = uriField + " " + expected;
    if (expected instanceof IpnEndpoint ipn) {
      String node = Long.toUnsignedString(ipn.fullyQualifiedNodeNumber());
      String service = Long.toUnsignedString(ipn.service());
      assertThat(scheme).as(where(what + " scheme")).isEqualTo("2");
      assertThat(text(eid, "bpv7.eid.ipn_node")).as(where(what + " node")).isEqualTo(node);
      assertThat(text(eid, "bpv7.eid.ipn_service")).as(where(what + " service")).isEqualTo(service);
      assertThat(text(eid, uriField)).as(where(what)).isEqualTo("ipn:" + node + "." + service);
    } else if (expected instanceof DtnEndpoint dtn) {
      assertThat(scheme).as(where(what + " scheme")).isEqualTo("1");
      assertThat(text(eid, "bpv7.eid.dtn_ssp_text"))
          .as(where(what + " SSP"))
          .isEqualTo("//" + dtn.nodeName() + "/" + dtn.demux());
      assertThat(optionalText(eid, "bpv7.eid.serv"))
          .as(where(what + " demux"))
          .contains(dtn.demux());
      assertThat(text(eid, uriField)).as(where(what)).isEqualTo(expected.toString());
    } else {
      assertThat(expected).isInstanceOf(DtnNone.class);
      assertThat(scheme).as(where(what + " scheme")).isEqualTo("1");
      assertThat(text(eid, "bpv7.eid.dtn_ssp_code")).as(where(what + " SSP")).isEqualTo("0");
      assertThat(text(eid, "bpv7.eid.wkssp")).as(where(what + " well-known SSP")).isEqualTo("none");
      assertThat(text(eid, uriField)).as(where(what)).isEqualTo("dtn:none");
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
