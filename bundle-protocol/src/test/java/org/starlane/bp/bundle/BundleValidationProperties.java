package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link Bundle#of} and the decoder enforce the same rules (RFC 9171 §4): for a primary block and a
 * list of canonical blocks that may break any cross-block rule, building the bundle in memory fails
 * exactly when decoding its encoding fails, and names the same block and field.
 */
class BundleValidationProperties {
  private final BundleCodec codec = BundleCodec.DEFAULT;

  @Provide
  Arbitrary<PrimaryBlock> primaries() {
    // Valid primary blocks, with CRC type 0, creation time 0 and fragment bounds left to chance.
    Arbitrary<long[]> fragment =
        Combinators.combine(Arbitraries.longs().between(0, 20), Arbitraries.longs().between(0, 30))
            .as((offset, total) -> new long[] {offset, total});
    return Combinators.combine(
            BundleArbitraries.primarySpecs(), fragment.optional(0.3), Arbitraries.of(0L, 1000L))
        .as(
            (spec, frag, time) -> {
              Bundle valid =
                  BundleArbitraries.assemble(
                      spec,
                      new byte[0],
                      new BundleArbitraries.Header(0, CrcType.CRC32C),
                      new BundleArbitraries.Extensions(
                          java.util.Optional.empty(),
                          java.util.Optional.empty(),
                          java.util.Optional.empty(),
                          java.util.Optional.empty(),
                          List.of()),
                      List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                      0);
              PrimaryBlock p = valid.primary();
              p =
                  new PrimaryBlock(
                      p.flags().without(BundleProcessingFlags.IS_FRAGMENT),
                      p.crcType(),
                      p.destination(),
                      p.source(),
                      p.reportTo(),
                      new CreationTimestamp(time, 0),
                      p.lifetimeMillis(),
                      0,
                      0);
              return frag.isPresent() ? p.asFragment(frag.get()[0], frag.get()[1]) : p;
            });
  }

  @Provide
  Arbitrary<CanonicalBlock> looseBlocks() {
    Arbitrary<Long> type = Arbitraries.of(1L, 1L, 6L, 7L, 10L, 11L, 192L, 0L);
    Arbitrary<Long> number = Arbitraries.longs().between(1, 5);
    Arbitrary<Long> flags = Arbitraries.of(0L, 0L, 0x02L, 0x15L);
    Arbitrary<byte[]> goodOrBadData =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(6)),
            Tuple.of(1, Arbitraries.longs().map(ReferenceEncoder::uint)),
            Tuple.of(
                1,
                Combinators.combine(
                        Arbitraries.longs().between(0, 300), Arbitraries.longs().between(0, 9))
                    .as(
                        (l, c) ->
                            ReferenceEncoder.array(
                                ReferenceEncoder.uint(l), ReferenceEncoder.uint(c)))),
            Tuple.of(1, Arbitraries.of(ReferenceEncoder.ipn(5, 0), ReferenceEncoder.dtnNone())),
            Tuple.of(1, Arbitraries.of(ReferenceEncoder.asb(0), ReferenceEncoder.asb(1, 2))));
    return Combinators.combine(type, number, flags, Arbitraries.of(CrcType.class), goodOrBadData)
        .as(
            (t, n, f, crc, data) ->
                new CanonicalBlock(
                    t, t == 1 ? 1 : n, new BlockProcessingFlags(f), crc, ByteBuffer.wrap(data)));
  }

  @Provide
  Arbitrary<List<CanonicalBlock>> looseBlockLists() {
    return looseBlocks().list().ofMaxSize(5);
  }

  @Property
  void bundleOfRejectsExactlyWhatTheDecoderRejects(
      @ForAll("primaries") PrimaryBlock primary,
      @ForAll("looseBlockLists") List<CanonicalBlock> blocks) {
    BundleFormatException inMemory = null;
    Bundle built = null;
    try {
      built = Bundle.of(primary, blocks);
    } catch (BundleFormatException e) {
      inMemory = e;
    }
    byte[] wire = ReferenceEncoder.encode(primary, blocks).bytes();
    BundleFormatException decoding = null;
    Bundle decoded = null;
    try {
      decoded = codec.decode(wire);
    } catch (BundleFormatException e) {
      decoding = e;
    }
    if (inMemory == null) {
      assertThat(decoding).as("decoding what Bundle.of accepted").isNull();
      assertThat(decoded).isEqualTo(built);
    } else {
      assertThat(decoding)
          .as("decoding what Bundle.of rejected: %s", inMemory.getMessage())
          .isNotNull();
      assertThat(decoding.block()).isEqualTo(inMemory.block());
      assertThat(decoding.field()).isEqualTo(inMemory.field());
      assertThat(inMemory.offset()).isEqualTo(BundleFormatException.NO_OFFSET);
      assertThat(decoding.offset()).isBetween(0L, (long) wire.length);
    }
  }
}
