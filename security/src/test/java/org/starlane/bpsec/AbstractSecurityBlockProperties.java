package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.eid.EndpointId;

/** The abstract security block codec (RFC 9172 §3.6): round trips and rejection of bad input. */
class AbstractSecurityBlockProperties {

  @Provide
  Arbitrary<AbstractSecurityBlock> asbs() {
    Arbitrary<List<Long>> targets =
        Arbitraries.oneOf(Arbitraries.longs().between(0, 40), Arbitraries.longs())
            .list()
            .ofMinSize(1)
            .ofMaxSize(5)
            .uniqueElements();
    Arbitrary<EndpointId> sources =
        Arbitraries.oneOf(
            Combinators.combine(
                    Arbitraries.longs().between(0, 0xffff_ffffL),
                    Arbitraries.longs().between(0, 0xffff_ffffL))
                .as((n, s) -> EndpointId.parse("ipn:" + n + "." + s)),
            Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(n -> EndpointId.parse("dtn://" + n + "/")),
            Arbitraries.just(EndpointId.NONE));
    Arbitrary<SecurityField> fields =
        Combinators.combine(
                Arbitraries.longs().between(0, 300),
                Arbitraries.oneOf(
                    Arbitraries.longs().map(v -> SecurityField.ofUnsigned(0, v).encodedValue()),
                    Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(80)
                        .map(b -> SecurityField.ofBytes(0, b).encodedValue())))
            .as(SecurityField::new);
    return Combinators.combine(
            targets,
            Arbitraries.oneOf(Arbitraries.longs().between(0, 3), Arbitraries.longs()),
            Arbitraries.longs().between(0, 7),
            sources,
            fields.list().ofMaxSize(4),
            fields.list().ofMaxSize(3).list().ofMaxSize(5))
        .as(
            (t, ctx, flags, src, params, results) -> {
              List<List<SecurityField>> r = new ArrayList<>(results);
              while (r.size() < t.size()) {
                r.add(List.of());
              }
              r = r.subList(0, t.size());
              long f = params.isEmpty() ? flags : flags | AbstractSecurityBlock.PARAMETERS_PRESENT;
              return new AbstractSecurityBlock(
                  t, ctx, f, src, (f & 1) != 0 ? params : List.of(), r);
            });
  }

  private static AbstractSecurityBlock decode(byte[] b) {
    return AbstractSecurityBlock.decode(ByteBuffer.wrap(b), CborLimits.DEFAULT);
  }

  @Property
  void decodeOfEncodeIsTheSameBlockAndReencodesByteIdentically(
      @ForAll("asbs") AbstractSecurityBlock asb) {
    byte[] encoded = asb.encode();
    AbstractSecurityBlock decoded = decode(encoded);
    assertThat(decoded).isEqualTo(asb);
    assertThat(decoded.encode()).isEqualTo(encoded);
  }

  @Property
  void everyTruncationIsRejectedWithTheCodecsOwnException(
      @ForAll("asbs") AbstractSecurityBlock asb, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
    byte[] encoded = asb.encode();
    byte[] truncated = Arrays.copyOf(encoded, cut % encoded.length);
    assertThatThrownBy(() -> decode(truncated))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.BLOCK_UNINTELLIGIBLE));
  }

  @Property
  void aByteChangeIsRejectedOrDecodesToAnotherBlock(
      @ForAll("asbs") AbstractSecurityBlock asb,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    byte[] mutated = asb.encode();
    mutated[position % mutated.length] ^= (byte) xor;
    try {
      assertThat(decode(mutated)).isNotEqualTo(asb);
    } catch (BpsecException e) {
      assertThat(e.getMessage()).contains("abstract security block");
    }
  }

  @Property
  void trailingBytesAreRejected(@ForAll("asbs") AbstractSecurityBlock asb) {
    byte[] encoded = asb.encode();
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> decode(longer))
        .isInstanceOf(BpsecException.class)
        .hasMessageContaining("follow the security results");
  }

  @Property
  void arbitraryBytesYieldOnlyTheCodecsOwnException(@ForAll byte[] bytes) {
    try {
      decode(bytes).encode();
    } catch (BpsecException e) {
      assertThat(e.reason().code()).isIn(8L, 16L);
    }
  }
}
