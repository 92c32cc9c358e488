package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9171 §4.2.4: block processing control flags. */
class BlockProcessingFlagsTest {

  @Test
  void flagBitsAreThoseOfSection424() {
    assertThat(BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT).isEqualTo(0x01);
    assertThat(BlockProcessingFlags.REPORT_IF_UNPROCESSABLE).isEqualTo(0x02);
    assertThat(BlockProcessingFlags.DELETE_BUNDLE_IF_UNPROCESSABLE).isEqualTo(0x04);
    assertThat(BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE).isEqualTo(0x10);
  }

  @Test
  void eachPredicateReadsItsOwnBit() {
    BlockProcessingFlags none = BlockProcessingFlags.NONE;
    assertThat(none.replicateInEveryFragment()).isFalse();
    assertThat(none.with(0x01).replicateInEveryFragment()).isTrue();
    assertThat(none.with(0x02).reportIfUnprocessable()).isTrue();
    assertThat(none.with(0x04).deleteBundleIfUnprocessable()).isTrue();
    assertThat(none.with(0x10).discardBlockIfUnprocessable()).isTrue();
    assertThat(none.with(0x08).discardBlockIfUnprocessable())
        .as("reserved bit 3 is not the discard flag")
        .isFalse();
  }

  @Test
  void reservedAndUnassignedBitsAreKept() {
    BlockProcessingFlags flags = new BlockProcessingFlags(0x8000_0000_0000_0068L);
    assertThat(flags.bits()).isEqualTo(0x8000_0000_0000_0068L);
    assertThat(flags.reportIfUnprocessable()).isFalse();
    assertThat(flags.toString()).isEqualTo("0x8000000000000068");
  }
}
