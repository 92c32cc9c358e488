package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bpsec.RawBundles.hex;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.eid.EndpointId;

class AbstractSecurityBlockTest {
  private static AbstractSecurityBlock decode(String hex) {
    return AbstractSecurityBlock.decode(ByteBuffer.wrap(hex(hex)), CborLimits.DEFAULT);
  }

  @Test
  void rejectsAnEmptyTargetListAsConflicting() {
    // [] 1 0 ipn:2.1 []
    assertThatThrownBy(() -> decode("80010082028202018 0".replace(" ", "")))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StatusReportReason.CONFLICTING_SECURITY_OPERATION);
              assertThat(e.getMessage()).contains("at least one entry");
            });
  }

  @Test
  void rejectsADuplicateTarget() {
    // [1,1] 1 0 ipn:2.1 [[],[]]
    assertThatThrownBy(() -> decode("82010101008202820201828080"))
        .isInstanceOfSatisfying(
            BpsecException.class, e -> assertThat(e.getMessage()).contains("listed twice"));
  }

  @Test
  void rejectsResultsThatDoNotMatchTheTargets() {
    // [1] 1 0 ipn:2.1 [[],[]]
    assertThatThrownBy(() -> decode("810101008202820201828080"))
        .isInstanceOf(BpsecException.class)
        .hasMessageContaining("one per target");
  }

  @Test
  void rejectsAParameterThatIsNotAPair() {
    // [1] 1 1 ipn:2.1 [[1]] [[]]
    assertThatThrownBy(() -> decode("8101010182028202018181018180"))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StatusReportReason.BLOCK_UNINTELLIGIBLE);
              assertThat(e.getMessage()).contains("security context parameters").contains("offset");
            });
  }

  @Test
  void rejectsAnIndefiniteTargetArray() {
    assertThatThrownBy(() -> decode("9f01ff0100820282020181 80".replace(" ", "")))
        .isInstanceOf(BpsecException.class)
        .hasMessageContaining("definite-length");
  }

  @Test
  void aHostileLengthFieldFailsBeforeAnyAllocation() {
    // [1] 1 1 ipn:2.1 [[1, h'<2^63 bytes>']]
    assertThatThrownBy(() -> decode("81010101820282020181820 15b7fffffffffffffff".replace(" ", "")))
        .isInstanceOf(BpsecException.class);
  }

  @Test
  void keepsReservedFlagBitsAsRead() {
    AbstractSecurityBlock asb = decode("8101020482028202018180");
    assertThat(asb.flags()).isEqualTo(4);
    assertThat(asb.parametersPresent()).isFalse();
    assertThat(RawBundles.hex(asb.encode())).isEqualTo("8101020482028202018180");
  }

  @Test
  void withoutTargetDropsTheTargetAndItsResultsAndNullsTheLastOne() {
    AbstractSecurityBlock asb =
        AbstractSecurityBlock.of(
            List.of(1L, 2L),
            1,
            EndpointId.parse("ipn:2.1"),
            List.of(),
            List.of(
                List.of(SecurityField.ofUnsigned(1, 5)), List.of(SecurityField.ofUnsigned(1, 6))));
    AbstractSecurityBlock rest = asb.withoutTarget(1);
    assertThat(rest.targets()).containsExactly(2L);
    assertThat(rest.resultsFor(2)).containsExactly(SecurityField.ofUnsigned(1, 6));
    assertThat(rest.withoutTarget(2)).isNull();
  }

  @Test
  void securityKeyToStringNeverShowsTheKey() {
    SecurityKey k = new SecurityKey("k1", hex("00112233445566778899aabbccddeeff"));
    assertThat(k.toString()).doesNotContain("0011").doesNotContain("ccdd").contains("redacted");
  }
}
