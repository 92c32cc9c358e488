package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.bundle.ReferenceEncoder.TIME;
import static org.starlane.bp.bundle.ReferenceEncoder.bib;
import static org.starlane.bp.bundle.ReferenceEncoder.block;
import static org.starlane.bp.bundle.ReferenceEncoder.bundle;
import static org.starlane.bp.bundle.ReferenceEncoder.bundleAge;
import static org.starlane.bp.bundle.ReferenceEncoder.bytes;
import static org.starlane.bp.bundle.ReferenceEncoder.cat;
import static org.starlane.bp.bundle.ReferenceEncoder.definiteBundle;
import static org.starlane.bp.bundle.ReferenceEncoder.dtn;
import static org.starlane.bp.bundle.ReferenceEncoder.dtnNone;
import static org.starlane.bp.bundle.ReferenceEncoder.hopCount;
import static org.starlane.bp.bundle.ReferenceEncoder.ipn;
import static org.starlane.bp.bundle.ReferenceEncoder.ipn3;
import static org.starlane.bp.bundle.ReferenceEncoder.payload;
import static org.starlane.bp.bundle.ReferenceEncoder.previousNode;
import static org.starlane.bp.bundle.ReferenceEncoder.primary;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * RFC 9171 §4.1-4.4 on the wire: bundles built by hand with {@link ReferenceEncoder} (plain byte
 * arithmetic from the RFC's CDDL, CRCs from java.util.zip.CRC32C and a bitwise X-25) must be what
 * {@link BundleCodec#encode} writes, and {@link BundleCodec#decode} must read them back field by
 * field.
 */
class BundleCodecWireTest {
  private final BundleCodec codec = BundleCodec.DEFAULT;

  private static final EndpointId IPN_2_1 = EndpointId.parse("ipn:2.1");
  private static final EndpointId IPN_1_1 = EndpointId.parse("ipn:1.1");
  private static final EndpointId IPN_1_0 = EndpointId.parse("ipn:1.0");

  private static PrimaryBlock primaryBlock(long flags, CrcType crc, CreationTimestamp created) {
    return new PrimaryBlock(
        new BundleProcessingFlags(flags),
        crc,
        IPN_2_1,
        IPN_1_1,
        IPN_1_0,
        created,
        86_400_000,
        0,
        0);
  }

  private static CanonicalBlock canonical(
      long type, long number, long flags, CrcType crc, byte[] data) {
    return new CanonicalBlock(
        type, number, new BlockProcessingFlags(flags), crc, ByteBuffer.wrap(data));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The bytes of a decoded bundle, re-encoded from its fields rather than copied. */
  private byte[] freshlyEncoded(Bundle decoded) {
    return codec.encode(Bundle.of(decoded.primary(), decoded.blocks()));
  }

  // ------------------------------------------------------------------ §4.1 bundle structure

  @Test
  void encodesAMinimalBundleToTheFrozenBytes() {
    // Checked by hand and against an independent Python CRC: [_ primary, payload "hi", break].
    byte[] frozen =
        HexFormat.ofDelimiter(" ")
            .parseHex(
                "9f 89 07 00 02 82 02 82 02 01 82 02 82 01 01 82 02 82 01 00 82 1b 00 00 00 ac fe"
                    + " 40 46 00 01 1a 05 26 5c 00 44 72 6e ba 64 86 01 01 00 01 42 68 69 42 b4 ea"
                    + " ff");
    Bundle b =
        Bundle.of(
            primaryBlock(0, CrcType.CRC32C, new CreationTimestamp(TIME, 1)),
            canonical(1, 1, 0, CrcType.CRC16_X25, ascii("hi")));
    assertThat(codec.encode(b)).isEqualTo(frozen);
    assertThat(bundle(primary().creation(TIME, 1).encode(), payload("hi").crc(1).encode()).bytes())
        .as("the reference encoder agrees with the frozen bytes")
        .isEqualTo(frozen);
    assertThat(codec.decode(frozen)).isEqualTo(b);
  }

  @Test
  void encodesAnIndefiniteOuterArrayEndingInABreak() {
    byte[] bytes =
        codec.encode(
            Bundle.of(
                primaryBlock(0, CrcType.CRC32C, new CreationTimestamp(TIME, 0)),
                CanonicalBlock.payload(ByteBuffer.wrap(ascii("x")))));
    assertThat(bytes[0]).isEqualTo((byte) 0x9f);
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 0xff);
  }

  @Test
  void decodesEveryPrimaryFieldOfAHandBuiltBundle() {
    byte[] wire =
        bundle(
                primary()
                    .flags(0x020024) // delivery report, ack requested, must not fragment
                    .destination(dtn("//ground/telemetry/hk"))
                    .source(dtn("//sat-1/"))
                    .reportTo(dtnNone())
                    .creation(TIME, 42)
                    .lifetime(ReferenceEncoder.uint(3_600_000))
                    .encode(),
                payload("payload").encode())
            .bytes();
    Bundle b = codec.decode(wire);
    PrimaryBlock p = b.primary();
    assertThat(p.flags().bits()).isEqualTo(0x020024);
    assertThat(p.crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(p.destination()).isEqualTo(EndpointId.parse("dtn://ground/telemetry/hk"));
    assertThat(p.source()).isEqualTo(EndpointId.parse("dtn://sat-1/"));
    assertThat(p.reportTo()).isEqualTo(EndpointId.NONE);
    assertThat(p.creationTimestamp()).isEqualTo(new CreationTimestamp(TIME, 42));
    assertThat(p.lifetimeMillis()).isEqualTo(3_600_000);
    assertThat(p.isFragment()).isFalse();
    assertThat(p.fragmentOffset()).isZero();
    assertThat(p.totalAduLength()).isZero();
    assertThat(b.blocks()).hasSize(1);
    assertThat(b.payloadBlock().isPayload()).isTrue();
    assertThat(b.payloadBlock().number()).isEqualTo(1);
    assertThat(b.payloadBlock().crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(b.payloadBlock().dataBytes()).isEqualTo(ascii("payload"));
    assertThat(codec.encode(b)).isEqualTo(wire);
    assertThat(freshlyEncoded(b)).isEqualTo(wire);
  }

  // ------------------------------------------------------------------ §4.2.1-2 CRC types

  @ParameterizedTest(name = "primary CRC type {0}, payload CRC type {1}")
  @CsvSource({"1,0", "1,1", "1,2", "2,0", "2,1", "2,2"})
  void writesAndReadsEveryCrcTypeOnEveryBlock(int primaryCrc, int payloadCrc) {
    byte[] wire =
        bundle(
                primary().crc(primaryCrc).encode(),
                hopCount(2, 30, 0).crc(payloadCrc == 0 ? 1 : 0).encode(),
                payload("data").crc(payloadCrc).encode())
            .bytes();
    Bundle b =
        Bundle.of(
            primaryBlock(0, CrcType.fromCode(primaryCrc), new CreationTimestamp(TIME, 0)),
            List.of(
                canonical(
                    10,
                    2,
                    0,
                    payloadCrc == 0 ? CrcType.CRC16_X25 : CrcType.NONE,
                    ReferenceEncoder.array(ReferenceEncoder.uint(30), ReferenceEncoder.uint(0))),
                canonical(1, 1, 0, CrcType.fromCode(payloadCrc), ascii("data"))));
    assertThat(codec.encode(b)).isEqualTo(wire);
    Bundle decoded = codec.decode(wire);
    assertThat(decoded).isEqualTo(b);
    assertThat(decoded.primary().crcType().code()).isEqualTo(primaryCrc);
    assertThat(decoded.payloadBlock().crcType().code()).isEqualTo(payloadCrc);
  }

  @Test
  void primaryBlockWithoutCrcIsAcceptedWhenABibTargetsIt() {
    byte[] wire =
        bundle(primary().crc(0).encode(), bib(2, 0, 1).encode(), payload("x").encode()).bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().crcType()).isEqualTo(CrcType.NONE);
    assertThat(b.blocks().get(0).type()).isEqualTo(BlockType.BLOCK_INTEGRITY);
    assertThat(codec.encode(b)).isEqualTo(wire);
    assertThat(freshlyEncoded(b)).isEqualTo(wire);
  }

  // ------------------------------------------------------------------ §4.2.3-4 flags

  @Test
  void keepsReservedAndUnassignedFlagBitsInBothKindsOfBlock() {
    long bundleFlags = 0xFFFF_FFFF_FFE0_8F98L; // every reserved/unassigned bit, no defined one
    long blockFlags = 0xFFFF_FFFF_FFFF_FF68L; // reserved 3, 5, 6 and unassigned 7-63
    byte[] wire =
        bundle(
                primary().flags(bundleFlags).encode(),
                block(192, 2, bytes(1, 2)).flags(blockFlags).encode(),
                payload("x").flags(0x08).encode())
            .bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().flags().bits()).isEqualTo(bundleFlags);
    assertThat(b.blocks().get(0).flags().bits()).isEqualTo(blockFlags);
    assertThat(b.payloadBlock().flags().bits()).isEqualTo(0x08);
    assertThat(freshlyEncoded(b)).isEqualTo(wire);
  }

  // ------------------------------------------------------------------ §4.2.5 EIDs

  @Test
  void writesAndReadsIpnEidsInTheTwoAndThreeElementForms() {
    long fqnn = 977L << 32 | 5; // RFC 9758: allocator 977, node 5, two-element form
    byte[] wire =
        bundle(
                primary()
                    .destination(ipn3(977, 5, 1))
                    .source(ipn(fqnn, 0))
                    .reportTo(ipn(0xFFFF_FFFFL, 7))
                    .encode(),
                payload("x").encode())
            .bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().destination()).isEqualTo(new IpnEndpoint(977, 5, 1, 3));
    assertThat(((IpnEndpoint) b.primary().destination()).elements()).isEqualTo(3);
    assertThat(b.primary().source()).isEqualTo(new IpnEndpoint(977, 5, 0, 2));
    assertThat(((IpnEndpoint) b.primary().source()).elements()).isEqualTo(2);
    assertThat(b.primary().reportTo()).isEqualTo(EndpointId.parse("ipn:!.7"));
    assertThat(freshlyEncoded(b)).as("each EID keeps its form").isEqualTo(wire);
  }

  // ------------------------------------------------------------------ §4.2.6-7 times

  @Test
  void readsDtnTimesAndSequenceNumbersAsUnsigned64BitIntegers() {
    byte[] wire =
        bundle(
                primary()
                    .creation(-1L, 0xFFFF_FFFFL + 1)
                    .lifetime(ReferenceEncoder.uint(-2L))
                    .encode(),
                payload("x").encode())
            .bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().creationTimestamp())
        .isEqualTo(new CreationTimestamp(-1L, 0x1_0000_0000L));
    assertThat(b.primary().lifetimeMillis()).isEqualTo(-2L);
    assertThat(freshlyEncoded(b)).isEqualTo(wire);
  }

  @Test
  void acceptsCreationTime0WithABundleAgeBlock() {
    byte[] wire =
        bundle(
                primary().creation(0, 17).encode(),
                bundleAge(2, 1234).encode(),
                payload("x").encode())
            .bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().creationTimestamp().isTimeUnknown()).isTrue();
    assertThat(b.bundleAgeMillis()).hasValue(1234);
    assertThat(freshlyEncoded(b)).isEqualTo(wire);
  }

  // ------------------------------------------------------------------ §4.3.1 fragments

  @Test
  void writesAndReadsTheFragmentFields() {
    byte[] content = new byte[100];
    byte[] wire =
        bundle(
                primary().flags(0x01).fragment(1000, 5000).crc(1).encode(),
                payload(content).encode())
            .bytes();
    Bundle b =
        Bundle.of(
            primaryBlock(0, CrcType.CRC16_X25, new CreationTimestamp(TIME, 0))
                .asFragment(1000, 5000),
            canonical(1, 1, 0, CrcType.CRC32C, content));
    assertThat(codec.encode(b)).isEqualTo(wire);
    Bundle decoded = codec.decode(wire);
    assertThat(decoded.primary().isFragment()).isTrue();
    assertThat(decoded.primary().fragmentOffset()).isEqualTo(1000);
    assertThat(decoded.primary().totalAduLength()).isEqualTo(5000);
    assertThat(decoded.id())
        .isEqualTo(new BundleId(IPN_1_1, new CreationTimestamp(TIME, 0), true, 1000, 100));
    assertThat(decoded).isEqualTo(b);
  }

  @Test
  void acceptsAFragmentThatEndsExactlyAtTheTotalLength() {
    byte[] wire =
        bundle(primary().flags(0x01).fragment(4990, 5000).encode(), payload(new byte[10]).encode())
            .bytes();
    assertThat(codec.decode(wire).primary().fragmentOffset()).isEqualTo(4990);
  }

  // ------------------------------------------------------------------ §4.3.2, §4.4 blocks

  @Test
  void writesAndReadsTheThreeExtensionBlocksOfSection44() {
    byte[] wire =
        bundle(
                primary().encode(),
                previousNode(2, ipn(5, 0)).crc(1).encode(),
                bundleAge(3, 86_400_001).crc(0).encode(),
                hopCount(4, 64, 3).encode(),
                payload("x").encode())
            .bytes();
    Bundle b =
        Bundle.of(
            primaryBlock(0, CrcType.CRC32C, new CreationTimestamp(TIME, 0)),
            List.of(
                canonical(6, 2, 0, CrcType.CRC16_X25, ipn(5, 0)),
                canonical(7, 3, 0, CrcType.NONE, ReferenceEncoder.uint(86_400_001)),
                canonical(
                    10,
                    4,
                    0,
                    CrcType.CRC32C,
                    ReferenceEncoder.array(ReferenceEncoder.uint(64), ReferenceEncoder.uint(3))),
                canonical(1, 1, 0, CrcType.CRC32C, ascii("x"))));
    assertThat(codec.encode(b)).isEqualTo(wire);
    Bundle decoded = codec.decode(wire);
    assertThat(decoded.previousNode()).hasValue(EndpointId.parse("ipn:5.0"));
    assertThat(decoded.bundleAgeMillis()).hasValue(86_400_001);
    assertThat(decoded.hopCount()).hasValue(new HopCount(64, 3));
    assertThat(decoded.block(3)).hasValueSatisfying(x -> assertThat(x.type()).isEqualTo(7));
    assertThat(decoded).isEqualTo(b);
  }

  @Test
  void keepsUnknownBlockTypesWithTheirFlagsByteForByte() {
    byte[] opaque = bytes(0xff, 0x00, 0x1b, 0xde, 0xad); // not even well-formed CBOR
    byte[] wire =
        bundle(
                primary().encode(),
                block(192, 7, opaque).flags(0x15).encode(),
                block(-1L, 2, new byte[0]).flags(0x04).crc(0).encode(),
                block(200, 5, opaque).crc(1).indefinite().encode(),
                payload("x").encode())
            .bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.unknownBlocks()).hasSize(3);
    CanonicalBlock first = b.blocks().get(0);
    assertThat(first.type()).isEqualTo(192);
    assertThat(first.number()).isEqualTo(7);
    assertThat(first.flags().bits()).isEqualTo(0x15);
    assertThat(first.dataBytes()).isEqualTo(opaque);
    assertThat(b.blocks().get(1).type()).isEqualTo(-1L);
    assertThat(b.blocks().get(1).dataLength()).isZero();
    assertThat(codec.encode(b)).as("decode -> encode").isEqualTo(wire);
    // The indefinite-length block is re-encoded definite when encoded from its fields.
    byte[] canonical =
        bundle(
                primary().encode(),
                block(192, 7, opaque).flags(0x15).encode(),
                block(-1L, 2, new byte[0]).flags(0x04).crc(0).encode(),
                block(200, 5, opaque).crc(1).encode(),
                payload("x").encode())
            .bytes();
    assertThat(freshlyEncoded(b)).isEqualTo(canonical);
  }

  @Test
  void blockNumbersNeedNotFollowWireOrder() {
    byte[] wire =
        bundle(
                primary().encode(),
                block(193, -1L, bytes(1)).encode(),
                block(194, 2, bytes(2)).encode(),
                payload("x").encode())
            .bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.blocks()).extracting(CanonicalBlock::number).containsExactly(-1L, 2L, 1L);
    assertThat(b.nextFreeBlockNumber()).isEqualTo(3);
    assertThat(freshlyEncoded(b)).isEqualTo(wire);
  }

  // ------------------------------------------------------------------ §4.1 accepted variants

  @Test
  void acceptsADefiniteLengthOuterArrayAndReEncodesItIndefinite() {
    byte[] p = primary().encode();
    byte[] x = payload("x").encode();
    Bundle b = codec.decode(definiteBundle(p, x).bytes());
    assertThat(b.payloadBlock().dataBytes()).isEqualTo(ascii("x"));
    assertThat(codec.encode(b)).isEqualTo(bundle(p, x).bytes());
  }

  @Test
  void acceptsIndefiniteLengthBlockArraysAndKeepsThemWhenForwarding() {
    byte[] p = primary().indefinite().fragment(0, 10).flags(0x01).encode();
    byte[] h = hopCount(2, 10, 1).indefinite().crc(1).encode();
    byte[] x = payload("x").indefinite().crc(0).encode();
    byte[] wire = bundle(p, h, x).bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().fragmentOffset()).isZero();
    assertThat(b.primary().totalAduLength()).isEqualTo(10);
    assertThat(b.hopCount()).hasValue(new HopCount(10, 1));
    assertThat(codec.encode(b)).isEqualTo(wire);
    assertThat(freshlyEncoded(b))
        .isEqualTo(
            bundle(
                    primary().fragment(0, 10).flags(0x01).encode(),
                    hopCount(2, 10, 1).crc(1).encode(),
                    payload("x").crc(0).encode())
                .bytes());
  }

  // ------------------------------------------------------------------ entry points

  @Test
  void decodesASliceOfALargerArrayWithoutCopying() {
    byte[] wire = bundle(primary().encode(), payload("abc").encode()).bytes();
    byte[] framed = cat(bytes(1, 2, 3), wire, bytes(4, 5));
    Bundle b = codec.decode(framed, 3, wire.length);
    assertThat(b.payloadBlock().dataBytes()).isEqualTo(ascii("abc"));
    assertThat(codec.encode(b)).isEqualTo(wire);
    ByteBuffer heap = ByteBuffer.wrap(framed, 3, wire.length);
    Bundle fromBuffer = codec.decode(heap);
    assertThat(heap.position()).as("position unchanged").isEqualTo(3);
    // The payload's last byte: before the 5-byte CRC item and the break.
    framed[3 + wire.length - 7] = 'Z';
    assertThat(b.payload().get(2)).isEqualTo((byte) 'Z');
    assertThat(fromBuffer.payloadBlock().dataBytes()).isEqualTo(ascii("abZ"));
  }

  @Test
  void decodesADirectByteBufferByCopying() {
    byte[] wire = bundle(primary().encode(), payload("abc").encode()).bytes();
    ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
    Bundle b = codec.decode(direct);
    direct.put(wire.length - 2, (byte) 0);
    assertThat(b.payloadBlock().dataBytes()).isEqualTo(ascii("abc"));
  }

  @Test
  void decodesFromAByteBufAndLeavesTheBytesAfterTheBundleUnread() {
    byte[] wire = bundle(primary().encode(), payload("abc").encode()).bytes();
    ByteBuf in = Unpooled.directBuffer().writeBytes(wire).writeBytes(bytes(0xAA, 0xBB));
    try {
      Bundle b = codec.decode(in);
      assertThat(in.readerIndex()).isEqualTo(wire.length);
      assertThat(in.readableBytes()).isEqualTo(2);
      in.setByte(wire.length - 3, 'Z');
      assertThat(b.payloadBlock().dataBytes())
          .as("the ByteBuf's bytes were copied")
          .isEqualTo(ascii("abc"));
      assertThat(codec.encode(b)).isEqualTo(wire);
    } finally {
      in.release();
    }
  }

  @Test
  void decodesBackToBackBundlesFromOneByteBufCopyingEachOnlyOnce() {
    byte[] first = bundle(primary().encode(), payload("one").encode()).bytes();
    byte[] second = bundle(primary().crc(1).encode(), payload(new byte[5000]).encode()).bytes();
    ByteBuf in = Unpooled.directBuffer().writeBytes(first).writeBytes(second).writeBytes(first);
    try {
      Bundle a = codec.decode(in);
      assertThat(a.source).as("only the first bundle's bytes were copied").hasSize(first.length);
      assertThat(in.readerIndex()).isEqualTo(first.length);
      Bundle b = codec.decode(in);
      assertThat(b.payloadBlock().dataLength()).isEqualTo(5000);
      assertThat(b.source).hasSize(second.length);
      assertThat(codec.encode(codec.decode(in))).isEqualTo(first);
      assertThat(in.isReadable()).isFalse();
    } finally {
      in.release();
    }
  }

  @Test
  void leavesAByteBufUnreadWhenItsBundleIsRejected() {
    byte[] wire = bundle(primary().encode(), payload("one").encode()).bytes();
    ByteBuf truncated = Unpooled.wrappedBuffer(wire, 0, wire.length - 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(truncated))
        .isInstanceOfSatisfying(
            BundleFormatException.class, e -> assertThat(e.offset()).isEqualTo(wire.length - 1));
    assertThat(truncated.readerIndex()).isZero();
    wire[wire.length - 3] ^= 1; // inside the payload's CRC value
    ByteBuf corrupt = Unpooled.wrappedBuffer(wire);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(corrupt))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("mismatch");
    assertThat(corrupt.readerIndex()).isZero();
  }

  @Test
  void encodesIntoACallersBufferAtItsWriterIndex() {
    byte[] wire = bundle(primary().encode(), payload("abc").encode()).bytes();
    Bundle b = codec.decode(wire);
    ByteBuf out = Unpooled.directBuffer().writeBytes(bytes(7, 7));
    try {
      codec.encode(Bundle.of(b.primary(), b.blocks()), out);
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(cat(bytes(7, 7), wire));
    } finally {
      out.release();
    }
    assertThat(BundleCodec.estimateSize(b)).isEqualTo(wire.length);
  }
}
