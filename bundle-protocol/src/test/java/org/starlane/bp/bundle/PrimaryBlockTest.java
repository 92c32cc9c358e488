package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.bundle.ReferenceEncoder.TIME;
import static org.starlane.bp.bundle.ReferenceEncoder.dtn;
import static org.starlane.bp.bundle.ReferenceEncoder.dtnNone;
import static org.starlane.bp.bundle.ReferenceEncoder.ipn;
import static org.starlane.bp.bundle.ReferenceEncoder.primary;
import static org.starlane.bp.bundle.ReferenceEncoder.uint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.starlane.bp.eid.EndpointId;

/** RFC 9171 §4.3.1: the primary bundle block, every field, fragment fields included. */
class PrimaryBlockTest {
  private static final EndpointId DEST = EndpointId.parse("dtn://ground/telemetry");
  private static final EndpointId SRC = EndpointId.parse("ipn:977.1");
  private static final EndpointId REPORT_TO = EndpointId.parse("ipn:977.0");
  private static final CreationTimestamp CREATED = new CreationTimestamp(TIME, 3);

  private static PrimaryBlock block(long flags, CrcType crc, long fragmentOffset, long total) {
    return new PrimaryBlock(
        new BundleProcessingFlags(flags),
        crc,
        DEST,
        SRC,
        REPORT_TO,
        CREATED,
        3_600_000,
        fragmentOffset,
        total);
  }

  private static byte[] written(PrimaryBlock p) {
    ByteBuf out = Unpooled.buffer();
    BundleCodec.writePrimary(p, out);
    return ByteBufUtil.getBytes(out);
  }

  private static ReferenceEncoder.Primary reference(long flags, int crc) {
    return primary()
        .flags(flags)
        .crc(crc)
        .destination(dtn("//ground/telemetry"))
        .source(ipn(977, 1))
        .reportTo(ipn(977, 0))
        .creation(TIME, 3)
        .lifetime(uint(3_600_000));
  }

  @Test
  void writesTheNineFieldsInRfcOrderWithACrc32c() {
    assertThat(written(block(0x14000, CrcType.CRC32C, 0, 0)))
        .isEqualTo(reference(0x14000, 2).encode());
  }

  @Test
  void writesAnX25CrcAsATwoByteString() {
    byte[] bytes = written(block(0, CrcType.CRC16_X25, 0, 0));
    assertThat(bytes).isEqualTo(reference(0, 1).encode());
    assertThat(bytes[bytes.length - 3]).isEqualTo((byte) 0x42);
  }

  @Test
  void writesNoCrcItemForCrcType0() {
    byte[] bytes = written(block(0, CrcType.NONE, 0, 0));
    assertThat(bytes).isEqualTo(reference(0, 0).encode());
    assertThat(bytes[0]).as("8-element array").isEqualTo((byte) 0x88);
  }

  @Test
  void writesFragmentOffsetAndTotalLengthAfterTheLifetime() {
    PrimaryBlock fragment = block(0x01, CrcType.CRC32C, 1000, 5000);
    assertThat(written(fragment)).isEqualTo(reference(0x01, 2).fragment(1000, 5000).encode());
    assertThat(fragment.isFragment()).isTrue();
    assertThat(fragment.fragmentOffset()).isEqualTo(1000);
    assertThat(fragment.totalAduLength()).isEqualTo(5000);
  }

  @Test
  void elementCountIs8To11DependingOnFragmentAndCrc() {
    assertThat(block(0, CrcType.NONE, 0, 0).elementCount()).isEqualTo(8);
    assertThat(block(0, CrcType.CRC16_X25, 0, 0).elementCount()).isEqualTo(9);
    assertThat(block(1, CrcType.NONE, 0, 10).elementCount()).isEqualTo(10);
    assertThat(block(1, CrcType.CRC32C, 0, 10).elementCount()).isEqualTo(11);
    assertThat(written(block(1, CrcType.NONE, 0, 10))[0]).isEqualTo((byte) 0x8a);
  }

  @Test
  void writesUnsignedValuesAbove2To63InNineBytes() {
    PrimaryBlock p =
        new PrimaryBlock(
            new BundleProcessingFlags(-1L & ~0x3L & ~BundleProcessingFlags.ALL_REPORT_REQUESTS),
            CrcType.CRC32C,
            DEST,
            SRC,
            REPORT_TO,
            new CreationTimestamp(-1L, -1L),
            -1L,
            0,
            0);
    byte[] expected =
        primary()
            .flags(-1L & ~0x3L & ~BundleProcessingFlags.ALL_REPORT_REQUESTS)
            .destination(dtn("//ground/telemetry"))
            .source(ipn(977, 1))
            .reportTo(ipn(977, 0))
            .creation(-1L, -1L)
            .lifetime(uint(-1L))
            .encode();
    assertThat(written(p)).isEqualTo(expected);
  }

  @Test
  void rejectsFragmentFieldsWithoutTheFragmentFlag() {
    assertThatThrownBy(() -> block(0, CrcType.CRC32C, 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fragment flag");
    assertThatThrownBy(() -> block(0, CrcType.CRC32C, 5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAnAdministrativeRecordThatRequestsStatusReports() {
    for (long request :
        new long[] {
          BundleProcessingFlags.REPORT_RECEPTION,
          BundleProcessingFlags.REPORT_FORWARDING,
          BundleProcessingFlags.REPORT_DELIVERY,
          BundleProcessingFlags.REPORT_DELETION
        }) {
      assertThatThrownBy(() -> block(0x02 | request, CrcType.CRC32C, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("administrative record");
    }
  }

  @Test
  void acceptsAnAdministrativeRecordThatAsksForStatusTimes() {
    // RFC 9171 §4.2.3 forbids only the status report request flags in an administrative record.
    assertThat(block(0x02 | 0x40, CrcType.CRC32C, 0, 0).flags().isAdministrativeRecord()).isTrue();
  }

  @Test
  void rejectsAnAnonymousBundleThatMayBeFragmented() {
    assertThatThrownBy(() -> anonymous(EndpointId.NONE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be fragmented");
  }

  @Test
  void treatsAnIpnSourceOnTheNullNodeAsAnonymous() {
    // RFC 9758: ipn:0.x names the null node, like dtn:none.
    assertThatThrownBy(() -> anonymous(EndpointId.parse("ipn:0.7"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anonymous");
    assertThat(anonymous(EndpointId.parse("ipn:0.7"), 0x04).source().isNull()).isTrue();
  }

  @Test
  void rejectsAnAnonymousBundleThatRequestsStatusReports() {
    assertThatThrownBy(() -> anonymous(EndpointId.NONE, 0x04 | 0x020000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status reports");
  }

  @Test
  void acceptsAnAnonymousBundleThatMustNotBeFragmented() {
    PrimaryBlock p = anonymous(EndpointId.NONE, 0x04);
    assertThat(p.source()).isEqualTo(EndpointId.NONE);
    byte[] expected = primary().flags(0x04).source(dtnNone()).encode();
    assertThat(written(p)).isEqualTo(expected);
  }

  private static PrimaryBlock anonymous(EndpointId source, long flags) {
    return new PrimaryBlock(
        new BundleProcessingFlags(flags),
        CrcType.CRC32C,
        EndpointId.parse("ipn:2.1"),
        source,
        EndpointId.parse("ipn:1.0"),
        new CreationTimestamp(TIME, 0),
        86_400_000,
        0,
        0);
  }

  @Test
  void ofSetsMustNotFragmentForAnAnonymousSourceAndReportsToNone() {
    PrimaryBlock p = PrimaryBlock.of(EndpointId.parse("ipn:2.1"), EndpointId.NONE, CREATED, 1000);
    assertThat(p.flags().mustNotFragment()).isTrue();
    assertThat(p.reportTo()).isEqualTo(EndpointId.NONE);
    assertThat(p.crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(PrimaryBlock.of(DEST, SRC, CREATED, 1000).flags().bits()).isZero();
  }

  @Test
  void asFragmentSetsTheFlagAndBothFragmentFields() {
    PrimaryBlock p = block(0, CrcType.CRC32C, 0, 0).asFragment(10, 20);
    assertThat(p.flags().bits()).isEqualTo(1);
    assertThat(p.fragmentOffset()).isEqualTo(10);
    assertThat(p.totalAduLength()).isEqualTo(20);
    assertThatThrownBy(() -> p.withFlags(BundleProcessingFlags.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withersChangeOneFieldOnly() {
    PrimaryBlock p = block(0, CrcType.CRC32C, 0, 0);
    assertThat(p.withCrcType(CrcType.CRC16_X25)).isEqualTo(block(0, CrcType.CRC16_X25, 0, 0));
    assertThat(p.withReportTo(EndpointId.NONE).reportTo()).isEqualTo(EndpointId.NONE);
    assertThat(p.withFlags(new BundleProcessingFlags(0x20)).flags().bits()).isEqualTo(0x20);
  }

  @Test
  void rejectsMissingFields() {
    assertThatThrownBy(
            () ->
                new PrimaryBlock(
                    BundleProcessingFlags.NONE,
                    CrcType.CRC32C,
                    null,
                    SRC,
                    REPORT_TO,
                    CREATED,
                    0,
                    0,
                    0))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("destination");
  }
}
