package org.starlane.bp.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.EndpointId;

/**
 * Conformance of the administrative record codec with RFC 9171 §6.1 and §6.1.1. The expected bytes
 * are written by hand from the CDDL of RFC 9171 Appendix B, not produced by the encoder.
 */
class AdministrativeRecordTest {

  /**
   * [1, [[[true, 1000000], [false], [false], [false]], 0, [2, [977, 1]], [999000, 5]]]: "received"
   * asserted at DTN time 1000000, no additional information, subject ipn:977.1 created at 999000
   * seq 5, not a fragment.
   */
  static final String RECEIVED_AT_TIME =
      "82 01"
          + " 84"
          + "  84 82f51a000f4240 81f4 81f4 81f4"
          + "  00"
          + "  82 02 82 1903d1 01"
          + "  82 1a000f3e58 05";

  /**
   * [1, [[[false], [false], [false], [true]], 1, [1, "//sat/app"], [1000, 0], 1024, 500]]:
   * "deleted" asserted without time, lifetime expired, subject a fragment at offset 1024 with a
   * 500-byte payload.
   */
  static final String DELETED_FRAGMENT =
      "82 01"
          + " 86"
          + "  84 81f4 81f4 81f4 81f5"
          + "  01"
          + "  82 01 69 2f2f7361742f617070"
          + "  82 1903e8 00"
          + "  190400"
          + "  1901f4";

  static final BundleStatusReport RECEIVED_AT_TIME_REPORT =
      new BundleStatusReport(
          BundleStatusItem.assertedAt(1_000_000),
          BundleStatusItem.NOT_ASSERTED,
          BundleStatusItem.NOT_ASSERTED,
          BundleStatusItem.NOT_ASSERTED,
          StatusReportReason.NO_ADDITIONAL_INFORMATION,
          new BundleId(EndpointId.ipn(977, 1), new CreationTimestamp(999_000, 5), false, 0, 0));

  static final BundleStatusReport DELETED_FRAGMENT_REPORT =
      new BundleStatusReport(
          BundleStatusItem.NOT_ASSERTED,
          BundleStatusItem.NOT_ASSERTED,
          BundleStatusItem.NOT_ASSERTED,
          BundleStatusItem.ASSERTED,
          StatusReportReason.LIFETIME_EXPIRED,
          new BundleId(
              new DtnEndpoint("sat", "app"), new CreationTimestamp(1000, 0), true, 1024, 500));

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static AdministrativeRecordException rejection(String spaced) {
    return rejection(hex(spaced), CborLimits.DEFAULT);
  }

  static AdministrativeRecordException rejection(byte[] bytes, CborLimits limits) {
    AdministrativeRecordException e =
        catchThrowableOfType(
            AdministrativeRecordException.class,
            () -> AdministrativeRecord.decode(ByteBuffer.wrap(bytes), limits));
    assertThat(e).as("decoding %s must fail", hex(bytes)).isNotNull();
    return e;
  }

  // --- byte-exact encodings (RFC 9171 §6.1, §6.1.1, Appendix B) ---

  @Test
  void encodesReceivedAtTimeReportByteExactly() {
    assertThat(hex(RECEIVED_AT_TIME_REPORT.encode())).isEqualTo(hex(hex(RECEIVED_AT_TIME)));
  }

  @Test
  void decodesReceivedAtTimeReport() {
    AdministrativeRecord record = AdministrativeRecord.decode(hex(RECEIVED_AT_TIME));

    assertThat(record).isEqualTo(RECEIVED_AT_TIME_REPORT);
    BundleStatusReport report = (BundleStatusReport) record;
    assertThat(report.typeCode()).isEqualTo(1);
    assertThat(report.received().statusTimeMillis()).hasValue(1_000_000);
    assertThat(report.asserts(BundleStatus.FORWARDED)).isFalse();
    assertThat(report.subject().fragment()).isFalse();
  }

  @Test
  void encodesFragmentReportAsSixElementsWithOffsetAndLength() {
    assertThat(hex(DELETED_FRAGMENT_REPORT.encode())).isEqualTo(hex(hex(DELETED_FRAGMENT)));
  }

  @Test
  void decodesFragmentReportWithOffsetAndLength() {
    BundleStatusReport report =
        (BundleStatusReport) AdministrativeRecord.decode(hex(DELETED_FRAGMENT));

    assertThat(report).isEqualTo(DELETED_FRAGMENT_REPORT);
    assertThat(report.deleted()).isEqualTo(BundleStatusItem.ASSERTED);
    assertThat(report.subject().fragmentOffset()).isEqualTo(1024);
    assertThat(report.subject().fragmentLength()).isEqualTo(500);
  }

  @Test
  void encodesTheThreeKindsOfStatusItem() {
    assertThat(itemBytes(BundleStatusItem.NOT_ASSERTED)).isEqualTo("81f4");
    assertThat(itemBytes(BundleStatusItem.ASSERTED)).isEqualTo("81f5");
    assertThat(itemBytes(BundleStatusItem.assertedAt(23))).isEqualTo("82f517");
    assertThat(itemBytes(BundleStatusItem.assertedAt(24))).isEqualTo("82f51818");
    assertThat(itemBytes(BundleStatusItem.assertedAt(-1L))).isEqualTo("82f51bffffffffffffffff");
  }

  private static String itemBytes(BundleStatusItem item) {
    ByteBuf out = Unpooled.buffer();
    item.writeTo(out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return hex(bytes);
  }

  @Test
  void encodesIntoTheCallersBufferAtItsWriterIndex() {
    ByteBuf out = Unpooled.buffer();
    out.writeByte(0xaa);
    RECEIVED_AT_TIME_REPORT.encode(out);

    assertThat(out.readUnsignedByte()).isEqualTo((short) 0xaa);
    byte[] rest = new byte[out.readableBytes()];
    out.readBytes(rest);
    assertThat(hex(rest)).isEqualTo(hex(hex(RECEIVED_AT_TIME)));
  }

  @Test
  void decodingDoesNotMoveThePayloadPosition() {
    ByteBuffer payload = ByteBuffer.wrap(hex("ff" + RECEIVED_AT_TIME.replace(" ", "")));
    payload.position(1);

    assertThat(AdministrativeRecord.decode(payload)).isEqualTo(RECEIVED_AT_TIME_REPORT);
    assertThat(payload.position()).isEqualTo(1);
  }

  @Test
  void decodesAReadOnlyDirectPayload() {
    byte[] bytes = hex(DELETED_FRAGMENT);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

    assertThat(AdministrativeRecord.decode(direct.asReadOnlyBuffer()))
        .isEqualTo(DELETED_FRAGMENT_REPORT);
  }

  // --- reason codes (RFC 9171 §6.1.1 Table 1, §9.5; RFC 9172 §8) ---

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void roundTripsEveryRegisteredReasonCode(long code) {
    BundleStatusReport report = withReason(new StatusReportReason(code));
    byte[] bytes = report.encode();

    assertThat(bytes[4 + 2 + 6]).as("reason code byte").isEqualTo((byte) code);
    AdministrativeRecord decoded = AdministrativeRecord.decode(bytes);
    assertThat(decoded).isEqualTo(report);
    assertThat(((BundleStatusReport) decoded).reason().description())
        .doesNotStartWith("unassigned");
  }

  @ParameterizedTest
  @ValueSource(longs = {17, 254, 255, 65_536, Long.MAX_VALUE, -1L})
  void keepsUnassignedReasonCodes(long code) {
    BundleStatusReport report = withReason(new StatusReportReason(code));

    BundleStatusReport decoded = (BundleStatusReport) AdministrativeRecord.decode(report.encode());

    assertThat(decoded.reason().code()).isEqualTo(code);
    assertThat(decoded.reason().description()).startsWith("unassigned");
    assertThat(decoded.encode()).isEqualTo(report.encode());
  }

  @Test
  void writesAnUnassignedReasonCodeAsAnUnsignedInteger() {
    byte[] bytes = withReason(new StatusReportReason(255)).encode();

    // [1, [[[true,..]...], 255, ...]]: 18 ff after the status information
    assertThat(hex(bytes)).startsWith("8201848481f581f481f481f418ff");
  }

  private static BundleStatusReport withReason(StatusReportReason reason) {
    return new BundleStatusReport(
        BundleStatusItem.ASSERTED,
        BundleStatusItem.NOT_ASSERTED,
        BundleStatusItem.NOT_ASSERTED,
        BundleStatusItem.NOT_ASSERTED,
        reason,
        new BundleId(EndpointId.ipn(1, 0), new CreationTimestamp(7, 0), false, 0, 0));
  }

  // --- status information longer than four items (RFC 9171 §6.1.1: "at least four") ---

  @Test
  void keepsStatusItemsAfterTheFourthDefinedOnes() {
    String bytes =
        "82 01 84" + " 86 81f5 81f4 81f4 81f4 81f5 82f50a" + " 00 82 02 82 01 00 82 01 00";

    BundleStatusReport report = (BundleStatusReport) AdministrativeRecord.decode(hex(bytes));

    assertThat(report.statusInformation())
        .hasSize(6)
        .endsWith(BundleStatusItem.ASSERTED, BundleStatusItem.assertedAt(10));
    assertThat(hex(report.encode())).isEqualTo(hex(hex(bytes)));
  }

  // --- unknown record types survive byte for byte (RFC 9171 §6.1: the set is open) ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        // BIBE custody signal (4) with an assorted content: EID, bstr, map, tag 24, -1, half float,
        // null, and 5 in a non-shortest encoding
        "82 04 88 82028219 03d101 420102 a101f5 d8184101 20 f93e00 f6 1805",
        // BIBE PDU (3) with an indefinite-length array
        "82 03 9f 01 02 ff",
        // the largest type code, empty array content
        "82 1bffffffffffffffff 80",
        // private type, a text string
        "82 19ff00 63 616263",
      })
  void unknownRecordTypesSurviveDecodeAndEncodeByteForByte(String spaced) {
    byte[] bytes = hex(spaced);

    AdministrativeRecord record = AdministrativeRecord.decode(bytes);

    assertThat(record).isInstanceOf(UnknownAdministrativeRecord.class);
    assertThat(hex(record.encode())).isEqualTo(hex(bytes));
  }

  @Test
  void unknownRecordKeepsTypeCodeAndContentBytes() {
    UnknownAdministrativeRecord record =
        (UnknownAdministrativeRecord) AdministrativeRecord.decode(hex("82 04 82 1805 f5"));

    assertThat(record.typeCode()).isEqualTo(AdministrativeRecord.CUSTODY_SIGNAL);
    assertThat(hex(record.content())).isEqualTo("821805f5");
  }

  // --- accepted variations ---

  @Test
  void acceptsIndefiniteLengthArraysAndReEncodesThemDefinite() {
    String indefinite =
        "9f 01 9f"
            + " 9f 9f f5 1a000f4240 ff 9f f4 ff 9f f4 ff 9f f4 ff ff"
            + " 00 82 02 82 1903d1 01 82 1a000f3e58 05"
            + " ff ff";

    AdministrativeRecord record = AdministrativeRecord.decode(hex(indefinite));

    assertThat(record).isEqualTo(RECEIVED_AT_TIME_REPORT);
    assertThat(hex(record.encode())).isEqualTo(hex(hex(RECEIVED_AT_TIME)));
  }

  @Test
  void acceptsAnIndefiniteLengthFragmentReport() {
    String indefinite =
        "82 01 9f 84 81f4 81f4 81f4 81f5 01 82 01 69 2f2f7361742f617070 82 1903e8 00"
            + " 190400 1901f4 ff";

    assertThat(AdministrativeRecord.decode(hex(indefinite))).isEqualTo(DELETED_FRAGMENT_REPORT);
  }

  @Test
  void acceptsIntegersInLongerThanShortestForm() {
    // reason code 0 written as 18 00, creation time 1000 as 1a 000003e8
    String relaxed = "82 01 84 84 81f5 81f4 81f4 81f4 1800 82 02 82 01 00 82 1a000003e8 00";

    BundleStatusReport report = (BundleStatusReport) AdministrativeRecord.decode(hex(relaxed));

    assertThat(report.reason()).isEqualTo(StatusReportReason.NO_ADDITIONAL_INFORMATION);
    assertThat(report.subject().creationTimestamp().creationTimeMillis()).isEqualTo(1000);
  }

  @Test
  void acceptsTheThreeElementIpnFormForTheSubjectSource() {
    String bytes = "82 01 84 84 81f5 81f4 81f4 81f4 00 82 02 83 01 1903d1 01 82 01 00";

    BundleStatusReport report = (BundleStatusReport) AdministrativeRecord.decode(hex(bytes));

    assertThat(report.subject().source().toString()).isEqualTo("ipn:1.977.1");
    assertThat(hex(report.encode())).isEqualTo(hex(hex(bytes)));
  }

  // --- rejection of malformed records (RFC 9171 §6.1, §6.1.1) ---

  @Test
  void rejectsAnEmptyPayload() {
    AdministrativeRecordException e = rejection("");

    assertThat(e.record()).isEqualTo("administrative record");
    assertThat(e.offset()).isZero();
    assertThat(e.problem()).startsWith("truncated");
  }

  @Test
  void rejectsARecordThatIsNotAnArray() {
    AdministrativeRecordException e = rejection("01");

    assertThat(e.field()).isNull();
    assertThat(e.offset()).isZero();
    assertThat(e.problem()).contains("expected an array").contains("unsigned integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"80", "81 01", "83 01 80 80", "9f ff", "9f 01 ff", "9f 04 80 80 ff"})
  void rejectsARecordArrayWithoutExactlyTwoElements(String spaced) {
    AdministrativeRecordException e = rejection(spaced);

    assertThat(e.problem()).contains("array of 2 elements [record type code, record content]");
    assertThat(e.offset()).isZero();
  }

  @Test
  void rejectsATypeCodeThatIsNotAnUnsignedInteger() {
    AdministrativeRecordException e = rejection("82 61 61 80");

    assertThat(e.field()).isEqualTo("record type code");
    assertThat(e.offset()).isEqualTo(1);
    assertThat(e.getMessage())
        .isEqualTo(
            "administrative record, field 'record type code': expected an unsigned integer, found a"
                + " text string (initial byte 0x61) (at byte offset 1 of the payload)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 5, 7})
  void rejectsAStatusReportWithoutFourOrSixElements(int elements) {
    StringBuilder bytes = new StringBuilder("82 01 ").append(Integer.toHexString(0x80 + elements));
    String[] fields = {
      "84 81f5 81f4 81f4 81f4", "00", "82 02 82 01 00", "82 01 00", "00", "01", "02"
    };
    for (int i = 0; i < elements; i++) {
      bytes.append(' ').append(fields[i]);
    }

    AdministrativeRecordException e = rejection(bytes.toString());

    assertThat(e.record()).isEqualTo("bundle status report (record type 1)");
    assertThat(e.field()).isNull();
    assertThat(e.offset()).isEqualTo(2);
    assertThat(e.problem())
        .isEqualTo(
            "a bundle status report is an array of 4 elements, or 6 when the subject is a"
                + " fragment, found "
                + elements);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "82 01 9f 84 81f5 81f4 81f4 81f4 00 82 02 82 01 00 ff", // 3 elements
        "82 01 9f 84 81f5 81f4 81f4 81f4 00 82 02 82 01 00 82 01 00 05 ff", // 5 elements
        "82 01 9f 84 81f5 81f4 81f4 81f4 00 82 02 82 01 00 82 01 00 05 06 07 ff" // 7 elements
      })
  void rejectsAnIndefiniteLengthStatusReportWithoutFourOrSixElements(String spaced) {
    AdministrativeRecordException e = rejection(spaced);

    assertThat(e.offset()).isEqualTo(2);
    assertThat(e.problem()).startsWith("a bundle status report is an array of 4 elements");
  }

  @ParameterizedTest
  @ValueSource(strings = {"80", "83 81f5 81f4 81f4", "9f 81f5 81f4 81f4 ff"})
  void rejectsStatusInformationWithFewerThanFourItems(String statusInformation) {
    AdministrativeRecordException e =
        rejection("82 01 84 " + statusInformation + " 00 82 02 82 01 00 82 01 00");

    assertThat(e.field()).isEqualTo("bundle status information");
    assertThat(e.offset()).isEqualTo(3);
    assertThat(e.problem()).startsWith("bundle status information is an array of at least 4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"80", "83 f5 01 02", "9f ff", "9f f5 01 02 ff"})
  void rejectsAStatusItemWithoutOneOrTwoElements(String item) {
    AdministrativeRecordException e =
        rejection("82 01 84 84 81f4 " + item + " 81f4 81f4 00 82 02 82 01 00 82 01 00");

    assertThat(e.field()).isEqualTo("status item 1 (forwarded)");
    assertThat(e.offset()).isEqualTo(6);
    assertThat(e.problem()).startsWith("a bundle status item is an array of 1 or 2 elements");
  }

  @ParameterizedTest
  @ValueSource(strings = {"82 f4 1a000f4240", "9f f4 00 ff"})
  void rejectsAStatusTimeForAStatusThatIsNotAsserted(String item) {
    AdministrativeRecordException e =
        rejection("82 01 84 84 " + item + " 81f4 81f4 81f4 00 82 02 82 01 00 82 01 00");

    assertThat(e.field()).isEqualTo("status item 0 (received), status time");
    assertThat(e.offset()).isEqualTo(6);
    assertThat(e.problem())
        .isEqualTo(
            "a status time is present although the status is not asserted (RFC 9171 §6.1.1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"81 01", "81 f6", "81 00", "82 01 00", "81 61 74", "81 f7"})
  void rejectsAStatusIndicatorThatIsNotABoolean(String item) {
    AdministrativeRecordException e =
        rejection("82 01 84 84 81f4 81f4 81f4 " + item + " 00 82 02 82 01 00 82 01 00");

    assertThat(e.field()).isEqualTo("status item 3 (deleted)");
    assertThat(e.offset()).isEqualTo(11);
    assertThat(e.problem()).startsWith("expected a boolean");
  }

  @ParameterizedTest
  @ValueSource(strings = {"82 f5 20", "82 f5 61 74", "82 f5 f5", "82 f5 fa47c35000"})
  void rejectsAStatusTimeThatIsNotAnUnsignedInteger(String item) {
    AdministrativeRecordException e =
        rejection("82 01 84 84 " + item + " 81f4 81f4 81f4 00 82 02 82 01 00 82 01 00");

    assertThat(e.field()).isEqualTo("status item 0 (received), status time");
    assertThat(e.offset()).isEqualTo(6);
  }

  @Test
  void rejectsANegativeReasonCode() {
    AdministrativeRecordException e =
        rejection("82 01 84 84 81f5 81f4 81f4 81f4 20 82 02 82 01 00 82 01 00");

    assertThat(e.field()).isEqualTo("status report reason code");
    assertThat(e.offset()).isEqualTo(12);
  }

  @Test
  void rejectsASourceNodeIdOfAnUnknownScheme() {
    AdministrativeRecordException e =
        rejection("82 01 84 84 81f5 81f4 81f4 81f4 00 82 03 00 82 01 00");

    assertThat(e.field()).isEqualTo("source node ID");
    assertThat(e.offset()).isEqualTo(14); // the scheme code, inside the EID array at 13
    assertThat(e.problem()).isEqualTo("unsupported endpoint ID scheme code 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"82 01", "83 01 00 00", "01", "9f 01 00 ff", "82 01 20"})
  void rejectsAMalformedCreationTimestamp(String timestamp) {
    AdministrativeRecordException e =
        rejection("82 01 84 84 81f5 81f4 81f4 81f4 00 82 02 82 01 00 " + timestamp);

    assertThat(e.field()).isEqualTo("creation timestamp");
  }

  @Test
  void rejectsAFragmentOffsetThatIsNotAnUnsignedInteger() {
    AdministrativeRecordException e =
        rejection("82 01 86 84 81f5 81f4 81f4 81f4 00 82 02 82 01 00 82 01 00 40 01");

    assertThat(e.field()).isEqualTo("fragment offset");
    assertThat(e.offset()).isEqualTo(21);
  }

  @Test
  void rejectsAFragmentLengthThatIsNotAnUnsignedInteger() {
    AdministrativeRecordException e =
        rejection("82 01 86 84 81f5 81f4 81f4 81f4 00 82 02 82 01 00 82 01 00 01 f4");

    assertThat(e.field()).isEqualTo("fragment length");
    assertThat(e.offset()).isEqualTo(22);
  }

  @Test
  void rejectsBytesAfterTheRecord() {
    AdministrativeRecordException e = rejection(RECEIVED_AT_TIME + " 00");

    assertThat(e.field()).isNull();
    assertThat(e.offset()).isEqualTo(32);
    assertThat(e.problem()).isEqualTo("1 bytes follow the end of the record");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        RECEIVED_AT_TIME,
        DELETED_FRAGMENT,
        "82 04 88 82028219 03d101 420102 a101f5 d8184101 20 f93e00 f6 1805"
      })
  void rejectsEveryTruncationOfAValidRecord(String spaced) {
    byte[] whole = hex(spaced);
    for (int length = 0; length < whole.length; length++) {
      byte[] prefix = Arrays.copyOf(whole, length);

      AdministrativeRecordException e = rejection(prefix, CborLimits.DEFAULT);

      assertThat(e.offset()).as("offset for %s", hex(prefix)).isBetween(0L, (long) length);
    }
  }

  @Test
  void rejectsUnknownRecordContentThatIsNotWellFormed() {
    AdministrativeRecordException e = rejection("82 05 1c");

    assertThat(e.record()).isEqualTo("administrative record (type 5)");
    assertThat(e.field()).isEqualTo("record content");
    assertThat(e.offset()).isEqualTo(2);
  }

  @Test
  void rejectsAnUnknownRecordContentWithAStrayBreak() {
    AdministrativeRecordException e = rejection("82 05 ff");

    assertThat(e.field()).isEqualTo("record content");
    assertThat(e.problem()).isEqualTo("unexpected break stop code");
  }

  // --- limits (CborLimits) ---

  @Test
  void rejectsUnknownContentNestedDeeperThanTheLimit() {
    CborLimits shallow = new CborLimits(1024, 1024, 1024, 3);

    assertThat(AdministrativeRecord.decode(ByteBuffer.wrap(hex("82 05 81 81 81 00")), shallow))
        .isInstanceOf(UnknownAdministrativeRecord.class);
    AdministrativeRecordException e = rejection(hex("82 05 81 81 81 81 00"), shallow);
    assertThat(e.problem()).contains("deeper than the limit of 3");
  }

  @Test
  void rejectsDefiniteStatusInformationLongerThanTheArrayLimit() {
    CborLimits limits = new CborLimits(1024, 1024, 5, 16);
    String six = "86 81f5 81f4 81f4 81f4 81f4 81f4";

    AdministrativeRecordException e =
        rejection(hex("82 01 84 " + six + " 00 82 02 82 01 00 82 01 00"), limits);

    assertThat(e.field()).isEqualTo("bundle status information");
    assertThat(e.problem()).isEqualTo("array length 6 exceeds the limit of 5");
  }

  @Test
  void rejectsIndefiniteStatusInformationLongerThanTheArrayLimit() {
    CborLimits limits = new CborLimits(1024, 1024, 5, 16);
    String six = "9f 81f5 81f4 81f4 81f4 81f4 81f4 ff";

    AdministrativeRecordException e =
        rejection(hex("82 01 84 " + six + " 00 82 02 82 01 00 82 01 00"), limits);

    assertThat(e.offset()).isEqualTo(3);
    assertThat(e.problem())
        .isEqualTo("bundle status information is longer than the limit of 5 items");
  }

  @Test
  void rejectsASourceNodeIdLongerThanTheTextLimit() {
    CborLimits limits = new CborLimits(1024, 8, 1024, 16);

    AdministrativeRecordException e = rejection(hex(DELETED_FRAGMENT), limits);

    assertThat(e.field()).isEqualTo("source node ID");
    assertThat(e.problem()).isEqualTo("text string length 9 exceeds the limit of 8");
  }

  // --- values are valid by construction ---

  @Test
  void refusesAStatusReportWithFewerThanFourItems() {
    BundleId subject = RECEIVED_AT_TIME_REPORT.subject();
    List<BundleStatusItem> three =
        List.of(BundleStatusItem.ASSERTED, BundleStatusItem.ASSERTED, BundleStatusItem.ASSERTED);

    assertThatThrownBy(
            () ->
                new BundleStatusReport(
                    three, StatusReportReason.NO_ADDITIONAL_INFORMATION, subject))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 4 items");
  }

  @Test
  void refusesAnUnknownRecordOfTypeOne() {
    assertThatThrownBy(() -> new UnknownAdministrativeRecord(1, hex("80")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BundleStatusReport");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1c", "82 01", "01 02", "ff"})
  void refusesUnknownRecordContentThatIsNotExactlyOneCborItem(String content) {
    assertThatThrownBy(() -> new UnknownAdministrativeRecord(4, hex(content)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record content");
  }

  @Test
  void unknownRecordCopiesItsContent() {
    byte[] content = hex("8101");
    UnknownAdministrativeRecord record = new UnknownAdministrativeRecord(4, content);
    content[1] = 2;
    record.content()[1] = 3;

    assertThat(hex(record.content())).isEqualTo("8101");
    assertThat(record).isEqualTo(new UnknownAdministrativeRecord(4, hex("8101")));
    assertThat(record).hasSameHashCodeAs(new UnknownAdministrativeRecord(4, hex("8101")));
  }
}
