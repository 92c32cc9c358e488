package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * Round trips over generated bundles (every EID form, every CRC type, fragments, extension blocks,
 * BIBs, unknown blocks, payloads of 0..2000 bytes), checked against the independent {@link
 * ReferenceEncoder}.
 */
class BundleCodecProperties {
  private final BundleCodec codec = BundleCodec.DEFAULT;

  @Provide
  Arbitrary<Bundle> bundles() {
    return BundleArbitraries.bundles();
  }

  @Property
  void decodingAnEncodedBundleGivesTheSameBundle(@ForAll("bundles") Bundle b) {
    Bundle decoded = codec.decode(codec.encode(b));
    assertThat(decoded).isEqualTo(b);
    assertThat(decoded.hashCode()).isEqualTo(b.hashCode());
    assertThat(decoded.id()).isEqualTo(b.id());
  }

  private static String form(EndpointId eid) {
    if (eid instanceof IpnEndpoint ipn) {
      return ipn.elements() == 3 ? "ipn 3" : ipn.allocator() != 0 ? "ipn FQNN" : "ipn 2";
    }
    return eid instanceof DtnEndpoint ? "dtn" : "dtn:none";
  }

  /** The generator reaches every feature these properties claim to cover, often enough. */
  @Property
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void generatedBundlesCoverEveryFeature(@ForAll("bundles") Bundle b) {
    Statistics.label("primary CRC").collect(b.primary().crcType());
    Statistics.label("payload CRC").collect(b.payloadBlock().crcType());
    Statistics.label("fragment").collect(b.primary().isFragment());
    Statistics.label("destination").collect(form(b.primary().destination()));
    Statistics.label("unknown blocks").collect(!b.unknownBlocks().isEmpty());
    Statistics.label("extension blocks").collect(b.blocks().size() > 2);
    Statistics.label("payload over 1000 bytes").collect(b.payloadBlock().dataLength() > 1000);
    Statistics.label("empty payload").collect(b.payloadBlock().dataLength() == 0);
    Statistics.label("creation time 0").collect(b.primary().creationTimestamp().isTimeUnknown());
    Statistics.label("anonymous").collect(b.primary().source().isNull());
    Statistics.label("primary CRC")
        .coverage(
            c -> {
              for (CrcType crc : CrcType.values()) {
                c.check(crc).percentage(p -> p >= 10);
              }
            });
    Statistics.label("payload CRC")
        .coverage(
            c -> {
              for (CrcType crc : CrcType.values()) {
                c.check(crc).percentage(p -> p >= 15);
              }
            });
    Statistics.label("destination")
        .coverage(
            c -> {
              for (String form : new String[] {"ipn 2", "ipn 3", "ipn FQNN", "dtn", "dtn:none"}) {
                c.check(form).percentage(p -> p >= 2);
              }
            });
    for (String feature :
        new String[] {
          "fragment",
          "unknown blocks",
          "extension blocks",
          "payload over 1000 bytes",
          "creation time 0",
          "anonymous"
        }) {
      Statistics.label(feature).coverage(c -> c.check(true).percentage(p -> p >= 5));
    }
    Statistics.label("empty payload").coverage(c -> c.check(true).count(n -> n >= 1));
  }

  @Property
  void encodingIsWhatTheReferenceEncoderWrites(@ForAll("bundles") Bundle b) {
    assertThat(codec.encode(b)).isEqualTo(ReferenceEncoder.encode(b).bytes());
  }

  @Property
  void canonicalInputReEncodesByteIdentically(@ForAll("bundles") Bundle b) {
    byte[] canonical = ReferenceEncoder.encode(b).bytes();
    Bundle decoded = codec.decode(canonical);
    assertThat(codec.encode(decoded)).as("original block bytes").isEqualTo(canonical);
    assertThat(codec.encode(Bundle.of(decoded.primary(), decoded.blocks())))
        .as("encoded from the fields")
        .isEqualTo(canonical);
    assertThat(BundleCodec.estimateSize(decoded)).isEqualTo(canonical.length);
  }

  @Property(tries = 300)
  void aHopCountEditReEncodesOnlyTheHopCountBlock(
      @ForAll("bundles") Bundle b,
      @ForAll @IntRange(min = 1, max = 255) int limit,
      @ForAll @LongRange(min = 0, max = 100_000) long count) {
    Bundle decoded = codec.decode(ReferenceEncoder.encode(b).bytes());
    HopCount hop = new HopCount(limit, count);
    byte[] forwarded = codec.encode(decoded.withHopCount(hop));
    // The in-memory edit, encoded from scratch by the reference, is the same bytes: every other
    // block was copied unchanged and the hop count block kept its number, flags and CRC type.
    assertThat(forwarded).isEqualTo(ReferenceEncoder.encode(b.withHopCount(hop)).bytes());
    assertThat(codec.decode(forwarded).hopCount()).hasValue(hop);
  }
}
