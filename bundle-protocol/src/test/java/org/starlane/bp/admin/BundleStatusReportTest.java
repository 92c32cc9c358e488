package org.starlane.bp.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;

/**
 * Building status reports about bundles (RFC 9171 §6.1.1, §6.2) and the bundles that carry them
 * (RFC 9171 §4.2.3, §6.2 step 2).
 */
class BundleStatusReportTest {
  private static final EndpointId SOURCE = EndpointId.ipn(977, 1);
  private static final EndpointId REPORT_TO = EndpointId.ipn(977, 0);
  private static final EndpointId REPORTING_NODE = EndpointId.ipn(5, 0);
  private static final CreationTimestamp CREATED = new CreationTimestamp(999_000, 5);
  private static final long NOW = 1_000_000;

  private static Bundle subject(long flags) {
    return subject(flags, REPORT_TO);
  }

  private static Bundle subject(long flags, EndpointId reportTo) {
    PrimaryBlock primary =
        new PrimaryBlock(
            new BundleProcessingFlags(flags),
            CrcType.CRC32C,
            EndpointId.ipn(2, 1),
            SOURCE,
            reportTo,
            CREATED,
            3_600_000,
            0,
            0);
    return Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(new byte[] {1, 2, 3})));
  }

  private static Bundle fragmentSubject() {
    PrimaryBlock primary =
        new PrimaryBlock(
                new BundleProcessingFlags(BundleProcessingFlags.REPORT_DELETION),
                CrcType.CRC32C,
                EndpointId.ipn(2, 1),
                SOURCE,
                REPORT_TO,
                CREATED,
                3_600_000,
                0,
                0)
            .asFragment(1024, 4096);
    return Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(new byte[500])));
  }

  @ParameterizedTest
  @EnumSource(BundleStatus.class)
  void assertsOnlyTheReportedStatusWithoutTimeWhenNoneWasRequested(BundleStatus status) {
    Bundle subject = subject(status.requestFlag());

    BundleStatusReport report =
        BundleStatusReport.of(subject, status, StatusReportReason.NO_KNOWN_ROUTE, NOW);

    for (BundleStatus other : BundleStatus.values()) {
      assertThat(report.item(other))
          .as("item %s", other)
          .isEqualTo(other == status ? BundleStatusItem.ASSERTED : BundleStatusItem.NOT_ASSERTED);
    }
    assertThat(report.statusInformation()).hasSize(4);
    assertThat(report.reason()).isEqualTo(StatusReportReason.NO_KNOWN_ROUTE);
    assertThat(report.subject()).isEqualTo(subject.id());
  }

  @ParameterizedTest
  @EnumSource(BundleStatus.class)
  void carriesTheStatusTimeWhenTheSubjectRequestedIt(BundleStatus status) {
    Bundle subject = subject(status.requestFlag() | BundleProcessingFlags.STATUS_TIME_REQUESTED);

    BundleStatusReport report =
        BundleStatusReport.of(subject, status, StatusReportReason.NO_ADDITIONAL_INFORMATION, NOW);

    assertThat(report.item(status)).isEqualTo(BundleStatusItem.assertedAt(NOW));
    assertThat(report.item(status).statusTimeMillis()).hasValue(NOW);
    for (BundleStatus other : BundleStatus.values()) {
      if (other != status) {
        assertThat(report.item(other).statusTimeMillis()).as("item %s", other).isEmpty();
      }
    }
  }

  @Test
  void reportAboutAReceivedBundleWithStatusTimeEncodesAsRfcExample() {
    Bundle subject =
        subject(
            BundleProcessingFlags.REPORT_RECEPTION | BundleProcessingFlags.STATUS_TIME_REQUESTED);

    BundleStatusReport report =
        BundleStatusReport.of(
            subject, BundleStatus.RECEIVED, StatusReportReason.NO_ADDITIONAL_INFORMATION, NOW);

    assertThat(HexFormat.of().formatHex(report.encode()))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    AdministrativeRecordTest.hex(AdministrativeRecordTest.RECEIVED_AT_TIME)));
  }

  @Test
  void reportAboutAFragmentCarriesItsOffsetAndPayloadLength() {
    BundleStatusReport report =
        BundleStatusReport.of(
            fragmentSubject(), BundleStatus.DELETED, StatusReportReason.LIFETIME_EXPIRED, NOW);

    assertThat(report.subject().fragment()).isTrue();
    assertThat(report.subject().fragmentOffset()).isEqualTo(1024);
    assertThat(report.subject().fragmentLength()).isEqualTo(500);
    // 6-element report: 82 01 86 ...
    assertThat(report.encode()[2]).isEqualTo((byte) 0x86);
  }

  @Test
  void refusesAReportAboutAnAnonymousBundle() {
    PrimaryBlock anonymous =
        PrimaryBlock.of(EndpointId.ipn(2, 1), EndpointId.NONE, CREATED, 60_000);
    Bundle subject = Bundle.of(anonymous, CanonicalBlock.payload(ByteBuffer.wrap(new byte[1])));

    assertThatThrownBy(
            () ->
                BundleStatusReport.of(
                    subject, BundleStatus.DELETED, StatusReportReason.LIFETIME_EXPIRED, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anonymous");
  }

  @Test
  void withReplacesOneItemAndKeepsTheRest() {
    BundleStatusReport received =
        BundleStatusReport.of(
            subject(0), BundleStatus.RECEIVED, StatusReportReason.NO_ADDITIONAL_INFORMATION, NOW);

    BundleStatusReport both = received.with(BundleStatus.FORWARDED, BundleStatusItem.ASSERTED);

    assertThat(both.asserts(BundleStatus.RECEIVED)).isTrue();
    assertThat(both.asserts(BundleStatus.FORWARDED)).isTrue();
    assertThat(both.asserts(BundleStatus.DELIVERED)).isFalse();
    assertThat(received.asserts(BundleStatus.FORWARDED)).isFalse();
  }

  @Test
  void statusRequestFlagsMatchRfc9171() {
    assertThat(BundleStatus.RECEIVED.requestFlag()).isEqualTo(0x004000);
    assertThat(BundleStatus.FORWARDED.requestFlag()).isEqualTo(0x010000);
    assertThat(BundleStatus.DELIVERED.requestFlag()).isEqualTo(0x020000);
    assertThat(BundleStatus.DELETED.requestFlag()).isEqualTo(0x040000);
    assertThat(
            BundleStatus.DELIVERED.isRequestedBy(
                new BundleProcessingFlags(BundleProcessingFlags.REPORT_DELIVERY)))
        .isTrue();
    assertThat(BundleStatus.DELETED.isRequestedBy(BundleProcessingFlags.NONE)).isFalse();
  }

  // --- the bundle that carries a report ---

  @Test
  void statusReportBundleGoesFromTheReportingNodeToTheSubjectsReportTo() {
    Bundle subject = subject(BundleProcessingFlags.REPORT_DELIVERY);
    BundleStatusReport report =
        BundleStatusReport.of(
            subject, BundleStatus.DELIVERED, StatusReportReason.NO_ADDITIONAL_INFORMATION, NOW);
    CreationTimestamp created = new CreationTimestamp(NOW, 0);

    Bundle carrier = report.toBundleFor(subject, REPORTING_NODE, created, 86_400_000);

    PrimaryBlock primary = carrier.primary();
    assertThat(primary.source()).isEqualTo(REPORTING_NODE);
    assertThat(primary.destination()).isEqualTo(REPORT_TO);
    assertThat(primary.reportTo()).isEqualTo(EndpointId.NONE);
    assertThat(primary.creationTimestamp()).isEqualTo(created);
    assertThat(primary.lifetimeMillis()).isEqualTo(86_400_000);
    assertThat(primary.flags().isAdministrativeRecord()).isTrue();
    assertThat(primary.flags().mustNotFragment()).isTrue();
    assertThat(primary.flags().requestsAnyReport()).isFalse();
    assertThat(primary.flags().has(BundleProcessingFlags.STATUS_TIME_REQUESTED)).isFalse();
    assertThat(primary.isFragment()).isFalse();
    assertThat(carrier.blocks()).hasSize(1);
    assertThat(AdministrativeRecord.fromBundle(carrier)).isEqualTo(report);
  }

  @Test
  void statusReportBundleSurvivesTheBundleCodec() {
    Bundle subject = fragmentSubject();
    BundleStatusReport report =
        BundleStatusReport.of(
            subject, BundleStatus.DELETED, StatusReportReason.DEPLETED_STORAGE, NOW);
    Bundle carrier =
        report.toBundleFor(subject, REPORTING_NODE, new CreationTimestamp(NOW, 1), 60_000);

    Bundle decoded = BundleCodec.DEFAULT.decode(BundleCodec.DEFAULT.encode(carrier));

    assertThat(decoded).isEqualTo(carrier);
    assertThat(AdministrativeRecord.fromBundle(decoded)).isEqualTo(report);
  }

  @Test
  void statusReportBundleFromANodeWithoutClockCarriesABundleAgeBlock() {
    Bundle subject = subject(BundleProcessingFlags.REPORT_RECEPTION);
    BundleStatusReport report =
        BundleStatusReport.of(
            subject, BundleStatus.RECEIVED, StatusReportReason.NO_ADDITIONAL_INFORMATION, 0);

    Bundle carrier =
        report.toBundleFor(subject, REPORTING_NODE, new CreationTimestamp(0, 7), 60_000);

    assertThat(carrier.bundleAgeMillis()).hasValue(0);
    assertThat(carrier.firstBlockOfType(BlockType.BUNDLE_AGE)).isPresent();
    assertThat(AdministrativeRecord.fromBundle(carrier)).isEqualTo(report);
  }

  @Test
  void refusesToAddressAReportToASubjectWithoutReportTo() {
    Bundle subject = subject(BundleProcessingFlags.REPORT_DELETION, EndpointId.NONE);
    BundleStatusReport report =
        BundleStatusReport.of(
            subject, BundleStatus.DELETED, StatusReportReason.LIFETIME_EXPIRED, NOW);

    assertThatThrownBy(
            () -> report.toBundleFor(subject, REPORTING_NODE, new CreationTimestamp(NOW, 0), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report-to dtn:none");
  }

  @Test
  void refusesToCarryAReportAboutAnotherBundle() {
    BundleStatusReport report =
        BundleStatusReport.of(
            subject(0), BundleStatus.DELETED, StatusReportReason.LIFETIME_EXPIRED, NOW);

    assertThatThrownBy(
            () ->
                report.toBundleFor(
                    fragmentSubject(), REPORTING_NODE, new CreationTimestamp(NOW, 0), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this report is about");
  }

  @Test
  void refusesASourceThatIsNotANodeId() {
    BundleStatusReport report = AdministrativeRecordTest.RECEIVED_AT_TIME_REPORT;
    CreationTimestamp created = new CreationTimestamp(NOW, 0);

    assertThatThrownBy(() -> report.toBundle(EndpointId.ipn(5, 1), REPORT_TO, created, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node ID");
    assertThatThrownBy(() -> report.toBundle(EndpointId.NONE, REPORT_TO, created, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node ID");
    assertThatThrownBy(() -> report.toBundle(REPORTING_NODE, EndpointId.NONE, created, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination");
  }

  @Test
  void unknownRecordsTravelInBundlesToo() {
    UnknownAdministrativeRecord signal =
        new UnknownAdministrativeRecord(
            AdministrativeRecord.CUSTODY_SIGNAL, AdministrativeRecordTest.hex("82 f5 00"));

    Bundle carrier =
        signal.toBundle(REPORTING_NODE, REPORT_TO, new CreationTimestamp(NOW, 0), 60_000);

    assertThat(carrier.payloadBlock().dataBytes()).isEqualTo(signal.encode());
    assertThat(AdministrativeRecord.fromBundle(carrier)).isEqualTo(signal);
  }

  @Test
  void fromBundleRefusesABundleThatIsNotAnAdministrativeRecord() {
    assertThatThrownBy(() -> AdministrativeRecord.fromBundle(subject(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not carry an administrative record");
  }

  @Test
  void fromBundleReportsAMalformedRecordWithTheTypedException() {
    PrimaryBlock primary =
        PrimaryBlock.of(REPORT_TO, REPORTING_NODE, new CreationTimestamp(NOW, 0), 1000)
            .withFlags(new BundleProcessingFlags(BundleProcessingFlags.ADMINISTRATIVE_RECORD));
    Bundle bundle =
        Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(new byte[] {(byte) 0x81, 1})));

    assertThatThrownBy(() -> AdministrativeRecord.fromBundle(bundle))
        .isInstanceOf(AdministrativeRecordException.class)
        .hasMessageContaining("array of 2 elements");
  }

  @Test
  void bundleIdOfTheSubjectIsWhatTheReportNames() {
    Bundle subject = fragmentSubject();
    BundleId id = subject.id();

    BundleStatusReport report =
        BundleStatusReport.of(subject, BundleStatus.RECEIVED, StatusReportReason.TRAFFIC_PARED, 1);

    assertThat(report.subject()).isEqualTo(id);
    assertThat(report.subject().source()).isEqualTo(SOURCE);
    assertThat(report.subject().creationTimestamp()).isEqualTo(CREATED);
  }

  @Test
  void fromBundleRefusesAFragmentThatMustBeReassembledFirst() {
    PrimaryBlock primary =
        PrimaryBlock.of(REPORT_TO, REPORTING_NODE, new CreationTimestamp(NOW, 0), 1000)
            .withFlags(new BundleProcessingFlags(BundleProcessingFlags.ADMINISTRATIVE_RECORD))
            .asFragment(0, 10);
    Bundle fragment =
        Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(new byte[] {(byte) 0x82, 1})));

    assertThatThrownBy(() -> AdministrativeRecord.fromBundle(fragment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reassemble");
  }

  @Test
  void describesAReportInWords() {
    BundleStatusReport report =
        AdministrativeRecordTest.RECEIVED_AT_TIME_REPORT.with(
            BundleStatus.DELETED, BundleStatusItem.ASSERTED);

    assertThat(report.toString())
        .isEqualTo(
            "BundleStatusReport[received asserted at DTN time 1000000 ms, forwarded not asserted,"
                + " delivered not asserted, deleted asserted, reason no additional information (0),"
                + " subject ipn:977.1 @ 999000.5]");
  }

  @Test
  void describesAnUnknownRecordWithItsTypeAndAtMost32ContentBytes() {
    byte[] content = new byte[41];
    content[0] = 0x58; // byte string of 39 bytes: 58 27 + 39 bytes
    content[1] = 39;
    UnknownAdministrativeRecord record = new UnknownAdministrativeRecord(4, content);

    assertThat(record.toString())
        .startsWith("UnknownAdministrativeRecord[type 4, content 5827000000")
        .endsWith("... (41 bytes)]");
    assertThat(new UnknownAdministrativeRecord(-1L, new byte[] {0}).toString())
        .isEqualTo("UnknownAdministrativeRecord[type 18446744073709551615, content 00]");
  }
}
