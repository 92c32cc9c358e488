package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.bundle.ReferenceEncoder.TIME;
import static org.starlane.bp.bundle.ReferenceEncoder.array;
import static org.starlane.bp.bundle.ReferenceEncoder.bib;
import static org.starlane.bp.bundle.ReferenceEncoder.block;
import static org.starlane.bp.bundle.ReferenceEncoder.bundle;
import static org.starlane.bp.bundle.ReferenceEncoder.bundleAge;
import static org.starlane.bp.bundle.ReferenceEncoder.bytes;
import static org.starlane.bp.bundle.ReferenceEncoder.cat;
import static org.starlane.bp.bundle.ReferenceEncoder.definiteBundle;
import static org.starlane.bp.bundle.ReferenceEncoder.dtnNone;
import static org.starlane.bp.bundle.ReferenceEncoder.hopCount;
import static org.starlane.bp.bundle.ReferenceEncoder.ipn;
import static org.starlane.bp.bundle.ReferenceEncoder.payload;
import static org.starlane.bp.bundle.ReferenceEncoder.previousNode;
import static org.starlane.bp.bundle.ReferenceEncoder.primary;
import static org.starlane.bp.bundle.ReferenceEncoder.uint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.starlane.bp.bundle.ReferenceEncoder.Canonical;
import org.starlane.bp.bundle.ReferenceEncoder.Primary;
import org.starlane.bp.bundle.ReferenceEncoder.WireBundle;

/**
 * What the decoder rejects and accepts (RFC 9171 §4): every rejection is a {@link
 * BundleFormatException} that names the block, the field and the byte offset of the field's item
 * from the start of the bundle.
 */
class BundleCodecStrictnessTest {
  private final BundleCodec codec = BundleCodec.DEFAULT;

  private static final String PRIMARY = "primary block";
  private static final String PAYLOAD = "block 1 (type 1, payload)";

  private BundleFormatException rejection(byte[] wire) {
    return rejection(codec, wire);
  }

  private static BundleFormatException rejection(BundleCodec codec, byte[] wire) {
    Throwable thrown = null;
    try {
      codec.decode(wire);
    } catch (Throwable t) {
      thrown = t;
    }
    assertThat(thrown).isInstanceOf(BundleFormatException.class);
    BundleFormatException e = (BundleFormatException) thrown;
    assertThat(e.getCause()).as("a deliberate rejection, not a leaked exception").isNull();
    return e;
  }

  private void assertRejects(byte[] wire, String block, String field, long offset, String problem) {
    BundleFormatException e = rejection(wire);
    assertThat(e.block()).as("block of: %s", e.getMessage()).isEqualTo(block);
    assertThat(e.field()).as("field of: %s", e.getMessage()).isEqualTo(field);
    assertThat(e.offset()).as("offset of: %s", e.getMessage()).isEqualTo(offset);
    assertThat(e.getMessage()).contains(problem);
    assertThat(e.reason()).isEqualTo(StatusReportReason.BLOCK_UNINTELLIGIBLE);
  }

  /** Offset in the bundle of {@code field} of block {@code index} (0: primary). */
  private static int at(WireBundle w, int index, ReferenceEncoder.Block<?> block, String field) {
    return w.start(index) + block.offsetOf(field);
  }

  // ------------------------------------------------------------------ §4.3.1 primary CRC / BIB

  @Test
  void rejectsAPrimaryBlockWithoutCrcAndWithoutABib() {
    Primary p = primary().crc(0);
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(), PRIMARY, "CRC type", at(w, 0, p, "CRC type"), "block integrity block targets");
  }

  @Test
  void rejectsAPrimaryBlockWithoutCrcWhenTheBibTargetsOtherBlocksOnly() {
    Primary p = primary().crc(0);
    WireBundle w =
        bundle(
            p.encode(),
            bib(2, 1, 3).encode(),
            block(12, 3, array(uint(0))).encode(),
            payload("x").encode());
    assertRejects(w.bytes(), PRIMARY, "CRC type", at(w, 0, p, "CRC type"), "CRC type 0");
  }

  @Test
  void acceptsAPrimaryBlockWithoutCrcWhenABibTargetsBlock0() {
    WireBundle w = bundle(primary().crc(0).encode(), bib(5, 1, 0).encode(), payload("x").encode());
    assertThat(codec.decode(w.bytes()).primary().crcType()).isEqualTo(CrcType.NONE);
  }

  @Test
  void malformedBibDataDoNotRejectTheBundleButTargetNothing() {
    byte[] garbage = bytes(0x1f); // reserved additional information: not CBOR
    WireBundle withCrc =
        bundle(primary().encode(), block(11, 2, garbage).encode(), payload("x").encode());
    assertThat(codec.decode(withCrc.bytes()).blocks()).hasSize(2);
    Primary p = primary().crc(0);
    WireBundle withoutCrc =
        bundle(p.encode(), block(11, 2, garbage).encode(), payload("x").encode());
    assertRejects(withoutCrc.bytes(), PRIMARY, "CRC type", at(withoutCrc, 0, p, "CRC type"), "");
  }

  // ------------------------------------------------------------------ §4.2.7, §4.4.2

  @Test
  void rejectsCreationTime0WithoutABundleAgeBlock() {
    Primary p = primary().creation(0, 1);
    WireBundle w = bundle(p.encode(), hopCount(2, 10, 0).encode(), payload("x").encode());
    assertRejects(
        w.bytes(), PRIMARY, "creation timestamp", at(w, 0, p, "creation timestamp"), "bundle age");
  }

  // ------------------------------------------------------------------ §4.1 block structure

  @Test
  void rejectsAPayloadBlockNotNumbered1() {
    Canonical x = block(1, 2, bytes(1));
    WireBundle w = bundle(primary().encode(), x.encode());
    assertRejects(
        w.bytes(),
        "block 2 (type 1, payload)",
        "block number",
        at(w, 1, x, "block number"),
        "must be block number 1");
  }

  @Test
  void rejectsAPayloadBlockThatIsNotLast() {
    Canonical x = payload("x");
    WireBundle w = bundle(primary().encode(), x.encode(), hopCount(2, 10, 0).encode());
    assertRejects(
        w.bytes(), PAYLOAD, "block type code", at(w, 1, x, "block type code"), "1 follow it");
  }

  @Test
  void rejectsABundleWithoutPayloadBlock() {
    Canonical h = hopCount(2, 10, 0);
    WireBundle w = bundle(primary().encode(), h.encode());
    assertRejects(
        w.bytes(),
        "block 2 (type 10, hop count)",
        "block type code",
        at(w, 1, h, "block type code"),
        "last block must be the payload block");
  }

  @Test
  void rejectsABundleOfThePrimaryBlockAlone() {
    WireBundle w = bundle(primary().encode());
    assertRejects(w.bytes(), "bundle", "bundle array", w.bytes().length - 1, "the payload block");
    WireBundle definite = definiteBundle(primary().encode());
    assertRejects(definite.bytes(), "bundle", "bundle array", 0, "at least 2 blocks");
  }

  @Test
  void rejectsTwoPayloadBlocks() {
    Canonical first = payload("a");
    WireBundle w = bundle(primary().encode(), first.encode(), payload("b").encode());
    assertRejects(
        w.bytes(),
        PAYLOAD,
        "block type code",
        at(w, 1, first, "block type code"),
        "exactly one payload block");
  }

  @Test
  void rejectsDuplicateBlockNumbers() {
    Canonical second = block(193, 2, bytes(2));
    WireBundle w =
        bundle(
            primary().encode(),
            block(192, 2, bytes(1)).encode(),
            second.encode(),
            payload("x").encode());
    assertRejects(
        w.bytes(),
        "block 2 (type 193, private/experimental)",
        "block number",
        at(w, 2, second, "block number"),
        "duplicate block number 2");
  }

  @Test
  void rejectsAnExtensionBlockNumbered1LikeThePayload() {
    Canonical x = payload("x");
    WireBundle w = bundle(primary().encode(), block(192, 1, bytes(1)).encode(), x.encode());
    assertRejects(
        w.bytes(),
        PAYLOAD,
        "block number",
        at(w, 2, x, "block number"),
        "duplicate block number 1");
  }

  @Test
  void rejectsBlockNumber0() {
    Canonical b = block(192, 0, bytes(1));
    WireBundle w = bundle(primary().encode(), b.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        "block 0 (type 192, private/experimental)",
        "block number",
        at(w, 1, b, "block number"),
        "reserved for the primary block");
  }

  // ------------------------------------------------------------------ §4.3.1 fragment fields

  @Test
  void rejectsTheFragmentFlagWithoutFragmentFields() {
    Primary p = primary().flags(0x01);
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "fragment offset",
        at(w, 0, p, "fragment offset"),
        "fragment flag is set but");
    Primary indefinite = primary().flags(0x01).indefinite();
    WireBundle wi = bundle(indefinite.encode(), payload("x").encode());
    assertRejects(
        wi.bytes(),
        PRIMARY,
        "fragment offset",
        at(wi, 0, indefinite, "fragment offset"),
        "expected an unsigned integer");
  }

  @Test
  void rejectsFragmentFieldsWithoutTheFragmentFlag() {
    Primary p = primary().fragment(0, 10);
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "fragment offset",
        at(w, 0, p, "fragment offset"),
        "fragment flag is not set");
    Primary indefinite = primary().fragment(0, 10).indefinite();
    WireBundle wi = bundle(indefinite.encode(), payload("x").encode());
    assertRejects(
        wi.bytes(),
        PRIMARY,
        "fragment offset",
        at(wi, 0, indefinite, "fragment offset"),
        "fragment flag is not set");
  }

  @Test
  void rejectsAFragmentThatEndsPastTheTotalAduLength() {
    Primary p = primary().flags(0x01).fragment(10, 15);
    WireBundle w = bundle(p.encode(), payload("123456").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "fragment offset",
        at(w, 0, p, "fragment offset"),
        "fragment offset 10 plus payload length 6 exceeds the total application data unit length 15");
  }

  @Test
  void rejectsAFragmentOffsetSoLargeThatAddingThePayloadOverflows() {
    Primary p = primary().flags(0x01).fragment(-1L, -1L);
    WireBundle w = bundle(p.encode(), payload("1").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "fragment offset",
        at(w, 0, p, "fragment offset"),
        "18446744073709551615 plus payload length 1");
  }

  // ------------------------------------------------------------------ §4.2.1-2 CRCs

  @ParameterizedTest(name = "CRC type {0}")
  @ValueSource(ints = {1, 2})
  void rejectsAWrongCrcInEachBlock(int crc) {
    for (int corrupt = 0; corrupt < 3; corrupt++) {
      Primary p = primary().crc(crc);
      Canonical age = bundleAge(2, 5).crc(crc);
      Canonical x = payload("x").crc(crc);
      ReferenceEncoder.Block<?>[] blocks = {p, age, x};
      blocks[corrupt].corruptCrc(crc * 8 - 1); // the CRC value's last bit
      WireBundle w = bundle(p.encode(), age.encode(), x.encode());
      String name =
          corrupt == 0 ? PRIMARY : corrupt == 1 ? "block 2 (type 7, bundle age)" : PAYLOAD;
      assertRejects(
          w.bytes(),
          name,
          "CRC",
          at(w, corrupt, blocks[corrupt], "CRC"),
          crc == 1 ? "CRC16_X25 mismatch" : "CRC32C mismatch");
    }
  }

  @Test
  void rejectsAPayloadWhoseDataChangedUnderItsCrc() {
    Canonical x = payload("hello");
    WireBundle w = bundle(primary().encode(), x.encode());
    byte[] wire = w.bytes();
    wire[w.start(1) + x.dataContentOffset()] ^= 0x01;
    assertRejects(wire, PAYLOAD, "CRC", at(w, 1, x, "CRC"), "mismatch");
  }

  @Test
  void rejectsACrcOfTheWrongLength() {
    Primary p = primary().crc(2).crcItem(bytes(0x42, 0x12, 0x34));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(), PRIMARY, "CRC", at(w, 0, p, "CRC"), "CRC32C value is a byte string of 4 bytes");
    Canonical x = payload("x").crc(1).crcItem(bytes(0x44, 1, 2, 3, 4));
    WireBundle wx = bundle(primary().encode(), x.encode());
    assertRejects(
        wx.bytes(), PAYLOAD, "CRC", at(wx, 1, x, "CRC"), "CRC16_X25 value is a byte string of 2");
  }

  @Test
  void rejectsACrcThatIsNotAByteString() {
    Canonical x = payload("x").crc(1).crcItem(uint(0x1234));
    WireBundle w = bundle(primary().encode(), x.encode());
    assertRejects(w.bytes(), PAYLOAD, "CRC", at(w, 1, x, "CRC"), "expected a byte string");
  }

  @Test
  void rejectsAnUnknownCrcType() {
    Primary p = primary().crc(0).crcTypeItem(uint(3));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(w.bytes(), PRIMARY, "CRC type", at(w, 0, p, "CRC type"), "unknown CRC type 3");
    Canonical x = payload("x").crc(2).crcTypeItem(uint(-1L));
    WireBundle wx = bundle(primary().encode(), x.encode());
    assertRejects(
        wx.bytes(),
        PAYLOAD,
        "CRC type",
        at(wx, 1, x, "CRC type"),
        "unknown CRC type 18446744073709551615");
  }

  @Test
  void rejectsACrcWhereTheCrcTypeSaysNone() {
    Canonical x = payload("x").crc(0).crcItem(bytes(0x42, 0, 0));
    WireBundle w = bundle(primary().encode(), x.encode());
    assertRejects(
        w.bytes(), PAYLOAD, "CRC", at(w, 1, x, "CRC"), "CRC type 0 is an array of 5 elements");
    Primary p = primary().crc(0).crcItem(bytes(0x42, 0, 0));
    WireBundle wp = bundle(p.encode(), bib(2, 0).encode(), payload("x").encode());
    assertRejects(wp.bytes(), PRIMARY, "block array", w.start(0), "require 8");
  }

  @Test
  void rejectsAMissingCrcWhereTheCrcTypeSaysOne() {
    Canonical x = payload("x").crc(0).crcTypeItem(uint(2));
    WireBundle w = bundle(primary().encode(), x.encode());
    assertRejects(
        w.bytes(), PAYLOAD, "CRC", at(w, 1, x, "CRC"), "CRC type 2 is an array of 6 elements");
  }

  // ------------------------------------------------------------------ §4.3.1 version and flags

  @Test
  void rejectsPrimaryBlockWithVersion6() {
    Primary p = primary().version(uint(6));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(w.bytes(), PRIMARY, "version", 2, "version 6 is not BPv7");
    assertThat(at(w, 0, p, "version")).isEqualTo(2);
  }

  @Test
  void rejectsAnAdministrativeRecordThatRequestsStatusReports() {
    Primary p = primary().flags(0x02 | 0x004000);
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "bundle processing control flags",
        at(w, 0, p, "bundle processing control flags"),
        "administrative record must not request status reports");
  }

  @Test
  void rejectsAnAnonymousBundleWithoutTheMustNotFragmentFlag() {
    Primary p = primary().source(dtnNone());
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "bundle processing control flags",
        at(w, 0, p, "bundle processing control flags"),
        "must have the 'must not be fragmented' flag set");
  }

  @Test
  void rejectsAnAnonymousBundleThatRequestsStatusReports() {
    Primary p = primary().source(dtnNone()).flags(0x04 | 0x040000);
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "bundle processing control flags",
        at(w, 0, p, "bundle processing control flags"),
        "must not request status reports");
  }

  @Test
  void treatsAnIpnSourceOnTheNullNodeAsAnonymous() {
    Primary p = primary().source(ipn(0, 5));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "bundle processing control flags",
        at(w, 0, p, "bundle processing control flags"),
        "anonymous bundle (source ipn:0.5)");
    Bundle accepted =
        codec.decode(
            bundle(primary().source(ipn(0, 5)).flags(0x04).encode(), payload("x").encode())
                .bytes());
    assertThat(accepted.primary().source().isNull()).isTrue();
  }

  @Test
  void rejectsReportIfUnprocessableInAnAdministrativeRecordOrAnonymousBundle() {
    Canonical b = block(192, 2, bytes(1)).flags(0x02);
    WireBundle admin = bundle(primary().flags(0x02).encode(), b.encode(), payload("x").encode());
    assertRejects(
        admin.bytes(),
        "block 2 (type 192, private/experimental)",
        "block processing control flags",
        at(admin, 1, b, "block processing control flags"),
        "RFC 9171 §4.2.4");
    Canonical x = payload("x").flags(0x02);
    WireBundle anonymous = bundle(primary().source(dtnNone()).flags(0x04).encode(), x.encode());
    assertRejects(
        anonymous.bytes(),
        PAYLOAD,
        "block processing control flags",
        at(anonymous, 1, x, "block processing control flags"),
        "report if unprocessable");
  }

  // ------------------------------------------------------------------ §4.4 extension blocks

  @ParameterizedTest(name = "hop limit {0}")
  @ValueSource(longs = {0, 256, -1L})
  void rejectsAHopLimitOutside1To255(long limit) {
    Canonical h = hopCount(2, limit, 0);
    WireBundle w = bundle(primary().encode(), h.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        "block 2 (type 10, hop count)",
        "block-type-specific data",
        w.start(1) + h.dataContentOffset() + 1, // after the array header
        "hop limit " + Long.toUnsignedString(limit) + " outside 1..255");
  }

  @Test
  void rejectsTwoHopCountBlocks() {
    Canonical second = hopCount(3, 10, 0);
    WireBundle w =
        bundle(
            primary().encode(),
            hopCount(2, 10, 0).encode(),
            second.encode(),
            payload("x").encode());
    assertRejects(
        w.bytes(),
        "block 3 (type 10, hop count)",
        "block type code",
        at(w, 2, second, "block type code"),
        "at most one hop count block, and block 2 is one already");
  }

  @Test
  void rejectsTwoBundleAgeOrTwoPreviousNodeBlocks() {
    Canonical age = bundleAge(3, 2);
    WireBundle w =
        bundle(primary().encode(), bundleAge(2, 1).encode(), age.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        "block 3 (type 7, bundle age)",
        "block type code",
        at(w, 2, age, "block type code"),
        "at most one bundle age block");
    Canonical node = previousNode(9, ipn(4, 0));
    WireBundle n =
        bundle(
            primary().encode(),
            previousNode(8, ipn(3, 0)).encode(),
            node.encode(),
            payload("x").encode());
    assertRejects(
        n.bytes(),
        "block 9 (type 6, previous node)",
        "block type code",
        at(n, 2, node, "block type code"),
        "at most one previous node block");
  }

  @Test
  void rejectsExtensionBlockDataThatDoNotParse() {
    Canonical age = block(7, 2, cat(uint(5), uint(6)));
    WireBundle w = bundle(primary().encode(), age.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        "block 2 (type 7, bundle age)",
        "block-type-specific data",
        w.start(1) + age.dataContentOffset() + 1,
        "bundle age data has 1 bytes after its item");
    Canonical node = previousNode(2, bytes(0x82, 0x03, 0x00));
    WireBundle n = bundle(primary().encode(), node.encode(), payload("x").encode());
    assertRejects(
        n.bytes(),
        "block 2 (type 6, previous node)",
        "block-type-specific data",
        n.start(1) + node.dataContentOffset() + 1,
        "unsupported endpoint ID scheme code 3");
  }

  // ------------------------------------------------------------------ §4.1 outer structure

  @Test
  void rejectsTrailingBytesAfterTheBreak() {
    WireBundle w = bundle(primary().encode(), payload("x").encode());
    byte[] wire = cat(w.bytes(), bytes(0x00));
    assertRejects(wire, "bundle", "bundle array", w.bytes().length, "1 bytes follow the end");
    WireBundle d = definiteBundle(primary().encode(), payload("x").encode());
    assertRejects(
        cat(d.bytes(), bytes(0xff)), "bundle", "bundle array", d.bytes().length, "follow the end");
  }

  @Test
  void rejectsInputThatIsNotABundleArray() {
    assertRejects(new byte[0], "bundle", "bundle array", 0, "truncated");
    assertRejects(bytes(0xbf, 0xff), "bundle", "bundle array", 0, "expected an array");
    // The CDDL's self-described CBOR tag (55799) is not in RFC 9171's text; it is not accepted.
    WireBundle w = bundle(primary().encode(), payload("x").encode());
    assertRejects(cat(bytes(0xd9, 0xd9, 0xf7), w.bytes()), "bundle", "bundle array", 0, "tag");
  }

  @Test
  void rejectsABundleThatEndsBeforeItsBreak() {
    WireBundle w = bundle(primary().encode(), payload("x").encode());
    byte[] wire = java.util.Arrays.copyOf(w.bytes(), w.bytes().length - 1);
    assertRejects(wire, "bundle", "bundle array", wire.length, "truncated");
  }

  @Test
  void rejectsBlockArraysOfTheWrongLength() {
    Primary p = primary().elementCount(12);
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(w.bytes(), PRIMARY, "block array", 1, "8 to 11 elements, found 12");
    WireBundle c = bundle(primary().encode(), payload("x").elementCount(4).encode());
    assertRejects(
        c.bytes(), "block at byte offset " + c.start(1), "block array", c.start(1), "found 4");
  }

  @Test
  void rejectsIndefiniteBlockArraysWithExtraElements() {
    Canonical x = payload("x").indefinite();
    byte[] encoded = x.encode();
    // Insert an extra item (0x00) before the break.
    byte[] extra = cat(java.util.Arrays.copyOf(encoded, encoded.length - 1), bytes(0x00, 0xff));
    ReferenceEncoder.sealCrc(extra, 2, x.crcValueIndex);
    WireBundle w = bundle(primary().encode(), extra);
    assertRejects(
        w.bytes(), PAYLOAD, "block array", w.start(1) + encoded.length - 1, "extra elements");
  }

  @Test
  void rejectsBlockDataThatAreNotADefiniteByteString() {
    Canonical x = payload("x").dataItem(bytes(0x5f, 0x41, 0x78, 0xff)); // indefinite byte string
    WireBundle w = bundle(primary().encode(), x.encode());
    assertRejects(
        w.bytes(),
        PAYLOAD,
        "block-type-specific data",
        at(w, 1, x, "block-type-specific data"),
        "indefinite-length byte string");
    Canonical t = payload("x").dataItem(ReferenceEncoder.tstr("x"));
    WireBundle wt = bundle(primary().encode(), t.encode());
    assertRejects(
        wt.bytes(),
        PAYLOAD,
        "block-type-specific data",
        at(wt, 1, t, "block-type-specific data"),
        "expected a byte string");
  }

  @Test
  void rejectsAnUnsupportedDestinationSchemeWithTheDestinationUnavailableReason() {
    Primary p = primary().destination(array(uint(3), uint(0)));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    BundleFormatException e = rejection(w.bytes());
    assertThat(e.block()).isEqualTo(PRIMARY);
    assertThat(e.field()).isEqualTo("destination EID");
    assertThat(e.offset()).isEqualTo(at(w, 0, p, "destination EID") + 1); // the scheme code
    assertThat(e.reason()).isEqualTo(StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE);
  }

  @Test
  void rejectsAnInvalidSourceEid() {
    Primary p = primary().source(ReferenceEncoder.dtn("//bad node/"));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "source node ID",
        at(w, 0, p, "source node ID") + 2, // the SSP text after [1,
        "invalid character ' '");
  }

  @Test
  void rejectsACreationTimestampThatIsNotAPair() {
    Primary p = primary().creation(array(uint(1), uint(2), uint(3)));
    WireBundle w = bundle(p.encode(), payload("x").encode());
    assertRejects(
        w.bytes(),
        PRIMARY,
        "creation timestamp",
        at(w, 0, p, "creation timestamp"),
        "creation timestamp must be an array of 2 elements, found 3");
    byte[] three = ReferenceEncoder.indefiniteArray(uint(1), uint(2), uint(3));
    Primary q = primary().creation(three);
    WireBundle wq = bundle(q.encode(), payload("x").encode());
    assertRejects(
        wq.bytes(),
        PRIMARY,
        "creation timestamp",
        at(wq, 0, q, "creation timestamp") + three.length - 2, // the third item
        "extra elements");
  }

  @Test
  void acceptsIndefiniteLengthArraysInsideBlocks() {
    // RFC 9171 §4.1: indefinite-length items are not prohibited, in blocks or inside them.
    byte[] timestamp = ReferenceEncoder.indefiniteArray(uint(TIME), uint(4));
    byte[] hopData = ReferenceEncoder.indefiniteArray(uint(9), uint(1));
    WireBundle w =
        bundle(
            primary().creation(timestamp).encode(),
            block(10, 2, hopData).encode(),
            payload("x").encode());
    Bundle b = codec.decode(w.bytes());
    assertThat(b.primary().creationTimestamp()).isEqualTo(new CreationTimestamp(TIME, 4));
    assertThat(b.hopCount()).hasValue(new HopCount(9, 1));
    assertThat(codec.encode(b)).isEqualTo(w.bytes());
    assertThat(codec.encode(b.withHopCount(new HopCount(9, 2))))
        .isEqualTo(
            bundle(
                    primary().creation(timestamp).encode(),
                    hopCount(2, 9, 2).encode(),
                    payload("x").encode())
                .bytes());
  }

  // ------------------------------------------------------------------ accepted variants

  @Test
  void acceptsAnyUnknownBlockTypeIncludingReservedType0() {
    for (long type : new long[] {0, 2, 5, 8, 9, 13, 191, 192, 255, 256, -1L}) {
      WireBundle w =
          bundle(primary().encode(), block(type, 2, bytes(1)).encode(), payload("x").encode());
      Bundle b = codec.decode(w.bytes());
      assertThat(b.blocks().get(0).type()).isEqualTo(type);
      assertThat(codec.encode(b)).isEqualTo(w.bytes());
    }
  }

  @Test
  void acceptsDefiniteAndIndefiniteArraysMixed() {
    WireBundle w =
        definiteBundle(
            primary().indefinite().encode(),
            hopCount(2, 5, 0).indefinite().encode(),
            payload("x").encode());
    Bundle b = codec.decode(w.bytes());
    assertThat(b.hopCount()).hasValue(new HopCount(5, 0));
  }

  @Test
  void acceptsAHopCountAboveItsLimitAsWellFormed() {
    // Exceeding the limit is a forwarding decision (RFC 9171 §4.4.3), not a format error.
    WireBundle w = bundle(primary().encode(), hopCount(2, 1, 2).encode(), payload("x").encode());
    assertThat(codec.decode(w.bytes()).hopCount().orElseThrow().isExceeded()).isTrue();
  }

  @Test
  void acceptsAPreviousNodeInTheThreeElementIpnForm() {
    WireBundle w =
        bundle(
            primary().encode(),
            previousNode(2, ReferenceEncoder.ipn3(977, 5, 0)).encode(),
            payload("x").encode());
    assertThat(codec.decode(w.bytes()).previousNode())
        .hasValue(new org.starlane.bp.eid.IpnEndpoint(977, 5, 0, 3));
  }

  @Test
  void appliesTheCodecsByteStringLimitToBlockData() {
    BundleCodec small = new BundleCodec(new org.starlane.bp.cbor.CborLimits(16, 1024, 64, 8));
    Canonical x = payload(new byte[17]);
    WireBundle w = bundle(primary().encode(), x.encode());
    BundleFormatException e = rejection(small, w.bytes());
    assertThat(e.block()).isEqualTo(PAYLOAD);
    assertThat(e.field()).isEqualTo("block-type-specific data");
    assertThat(e.offset()).isEqualTo(at(w, 1, x, "block-type-specific data"));
    assertThat(e.getMessage()).contains("exceeds the limit of 16");
    assertThat(small.decode(bundle(primary().encode(), payload(new byte[16]).encode()).bytes()))
        .isNotNull();
    assertThat(codec.decode(w.bytes()).payloadBlock().dataLength()).isEqualTo(17);
  }

  @Test
  void limitsTheNumberOfBlocksToTheArrayLimit() {
    // The primary block has up to 11 elements, so the smallest useful array limit is 11.
    BundleCodec small = new BundleCodec(new org.starlane.bp.cbor.CborLimits(1024, 1024, 11, 8));
    byte[][] blocks = new byte[13][];
    blocks[0] = primary().encode();
    for (int i = 1; i < 12; i++) {
      blocks[i] = block(192, i + 1, bytes(i)).encode();
    }
    blocks[12] = payload("x").encode();
    WireBundle w = bundle(blocks);
    BundleFormatException e = rejection(small, w.bytes());
    assertThat(e.block()).isEqualTo("bundle");
    assertThat(e.field()).isEqualTo("bundle array");
    assertThat(e.offset()).isEqualTo(w.start(12));
    assertThat(e.getMessage()).contains("more than 11 blocks");
    assertThat(codec.decode(w.bytes()).blocks()).hasSize(12);
  }
}
