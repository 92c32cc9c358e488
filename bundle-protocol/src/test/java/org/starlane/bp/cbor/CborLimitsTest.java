package org.starlane.bp.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CborLimitsTest {

  @Test
  void defaultsToGenerousBpv7Limits() {
    assertThat(CborLimits.DEFAULT)
        .isEqualTo(new CborLimits(Integer.MAX_VALUE, 65_536, 1 << 20, 16));
  }

  @Test
  void acceptsTheExtremesOfEveryRange() {
    assertThat(new CborLimits(0, 0, 0, 1).maxNestingDepth()).isEqualTo(1);
    assertThat(
            new CborLimits(
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    CborLimits.MAX_NESTING_DEPTH)
                .maxByteStringBytes())
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void rejectsLimitsOutsideTheirRanges() {
    assertThatThrownBy(() -> new CborLimits(-1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxByteStringBytes -1 outside 0..2147483647");
    assertThatThrownBy(() -> new CborLimits(1L << 31, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CborLimits(1, -1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTextStringBytes -1 < 0");
    assertThatThrownBy(() -> new CborLimits(1, 1, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxArrayLength -1 < 0");
    assertThatThrownBy(() -> new CborLimits(1, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxNestingDepth 0 outside 1..1000");
    assertThatThrownBy(() -> new CborLimits(1, 1, 1, CborLimits.MAX_NESTING_DEPTH + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
