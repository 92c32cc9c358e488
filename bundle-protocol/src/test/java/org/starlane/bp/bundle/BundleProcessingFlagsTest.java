package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9171 §4.2.3: bundle processing control flags. */
class BundleProcessingFlagsTest {

  @Test
  void flagBitsAreThoseOfSection423() {
    assertThat(BundleProcessingFlags.IS_FRAGMENT).isEqualTo(0x000001);
    assertThat(BundleProcessingFlags.ADMINISTRATIVE_RECORD).isEqualTo(0x000002);
    assertThat(BundleProcessingFlags.MUST_NOT_FRAGMENT).isEqualTo(0x000004);
    assertThat(BundleProcessingFlags.ACKNOWLEDGEMENT_REQUESTED).isEqualTo(0x000020);
    assertThat(BundleProcessingFlags.STATUS_TIME_REQUESTED).isEqualTo(0x000040);
    assertThat(BundleProcessingFlags.REPORT_RECEPTION).isEqualTo(0x004000);
    assertThat(BundleProcessingFlags.REPORT_FORWARDING).isEqualTo(0x010000);
    assertThat(BundleProcessingFlags.REPORT_DELIVERY).isEqualTo(0x020000);
    assertThat(BundleProcessingFlags.REPORT_DELETION).isEqualTo(0x040000);
    assertThat(BundleProcessingFlags.ALL_REPORT_REQUESTS).isEqualTo(0x074000);
  }

  @Test
  void eachPredicateReadsItsOwnBit() {
    BundleProcessingFlags none = BundleProcessingFlags.NONE;
    assertThat(none.isFragment()).isFalse();
    assertThat(none.with(BundleProcessingFlags.IS_FRAGMENT).isFragment()).isTrue();
    assertThat(none.with(BundleProcessingFlags.ADMINISTRATIVE_RECORD).isAdministrativeRecord())
        .isTrue();
    assertThat(none.with(BundleProcessingFlags.MUST_NOT_FRAGMENT).mustNotFragment()).isTrue();
    assertThat(none.with(BundleProcessingFlags.REPORT_DELETION).requestsAnyReport()).isTrue();
    assertThat(none.with(BundleProcessingFlags.STATUS_TIME_REQUESTED).requestsAnyReport())
        .as("status time is not a status report request")
        .isFalse();
    assertThat(new BundleProcessingFlags(0x002000).requestsAnyReport())
        .as("reserved bit 13 between the request bits")
        .isFalse();
  }

  @Test
  void reservedAndUnassignedBitsAreKeptAsTheyArrived() {
    long bits = 0xFFFF_FFFF_FFF0_0088L; // reserved bits 3, 7, 19-20, unassigned 21-63
    BundleProcessingFlags flags = new BundleProcessingFlags(bits);
    assertThat(flags.bits()).isEqualTo(bits);
    assertThat(flags.isFragment()).isFalse();
    assertThat(flags.requestsAnyReport()).isFalse();
    assertThat(flags.with(BundleProcessingFlags.IS_FRAGMENT).bits()).isEqualTo(bits | 1);
    assertThat(flags.with(1).without(1)).isEqualTo(flags);
  }

  @Test
  void printsTheFlagsWordInHex() {
    assertThat(new BundleProcessingFlags(0x4004).toString()).isEqualTo("0x4004");
  }
}
