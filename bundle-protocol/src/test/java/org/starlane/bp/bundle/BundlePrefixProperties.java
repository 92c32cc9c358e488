package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Reactive fragmentation (RFC 9171 §5.8, RFC 9174 §3.2) over generated bundles ({@link
 * BundleArbitraries}: every EID form, CRC type, extension block, fragments and "must not fragment"
 * flags): a receiver decodes what arrived of a cut transfer ({@link BundleCodec#decodePrefix}), a
 * sender keeps what was not acknowledged ({@link BundleCodec#payloadDataOffset}, {@link
 * Fragmentation#remainder}), and the two reassemble (§5.9) to the original.
 */
class BundlePrefixProperties {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  @Provide
  Arbitrary<Bundle> anyBundles() {
    // half of them fragmentable: generated flags often forbid fragmentation
    return Arbitraries.oneOf(
        BundleArbitraries.bundles(3000), BundleArbitraries.fragmentableBundles(3000));
  }

  /** Non-fragment bundles that may be fragmented, with a payload of at least 2 bytes. */
  @Provide
  Arbitrary<Bundle> fragmentable() {
    return BundleArbitraries.fragmentableBundles(3000)
        .filter(b -> b.payloadBlock().dataLength() >= 2);
  }

  /**
   * Where a transfer of {@code length} octets whose payload data start at {@code dataOffset} and
   * hold {@code payload} octets is cut: anywhere ({@code mode} 0), around the start of the payload
   * data (1) or around their end (2).
   */
  private static int cut(
      int mode, int anywhere, int delta, long dataOffset, int payload, int length) {
    long at =
        switch (mode) {
          case 0 -> anywhere % length;
          case 1 -> dataOffset + delta;
          default -> dataOffset + payload + delta;
        };
    return (int) Math.max(0, Math.min(at, length - 1));
  }

  private static byte[] bytes(ByteBuffer data) {
    byte[] b = new byte[data.remaining()];
    data.duplicate().get(b);
    return b;
  }

  @Property(tries = 600)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void anyCutOfAValidBundleIsAFragmentOfThePayloadThatArrivedOrARefusal(
      @ForAll("anyBundles") Bundle original,
      @ForAll @IntRange(min = 0, max = 2) int mode,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int anywhere,
      @ForAll @IntRange(min = -6, max = 6) int delta) {
    byte[] encoded = CODEC.encode(original);
    Bundle sent = CODEC.decode(encoded); // as a relay holds it: blocks with their encodings
    long dataOffset = BundleCodec.payloadDataOffset(sent);
    assertThat(BundleCodec.payloadDataOffset(original)).isEqualTo(dataOffset);
    int payload = original.payloadBlock().dataLength();
    int cut = cut(mode, anywhere, delta, dataOffset, payload, encoded.length);
    long arrived = cut - dataOffset;
    long kept = Math.min(arrived, payload - 1L);
    boolean fragmentable = kept >= 1 && !original.primary().flags().mustNotFragment();
    Statistics.label("outcome").collect(fragmentable ? "fragment" : "refused");
    Statistics.label("outcome")
        .coverage(
            c -> {
              c.check("fragment").percentage(p -> p >= 20);
              c.check("refused").percentage(p -> p >= 10);
            });

    Throwable refusal = catchThrowable(() -> CODEC.decodePrefix(encoded, 0, cut));

    if (!fragmentable) {
      assertThat(refusal).isInstanceOf(BundleFormatException.class);
      return;
    }
    assertThat(refusal).as("a prefix of %d octets, %d payload octets", cut, arrived).isNull();
    Bundle fragment = CODEC.decodePrefix(encoded, 0, cut);
    PrimaryBlock p = original.primary();
    PrimaryBlock f = fragment.primary();
    assertThat(f.isFragment()).isTrue();
    assertThat(f.fragmentOffset()).isEqualTo(p.isFragment() ? p.fragmentOffset() : 0);
    assertThat(f.totalAduLength()).isEqualTo(p.isFragment() ? p.totalAduLength() : payload);
    assertThat(f.asFragment(0, 0)).isEqualTo(p.asFragment(0, 0)); // every other field
    assertThat(fragment.blocks().subList(0, fragment.blocks().size() - 1))
        .isEqualTo(original.blocks().subList(0, original.blocks().size() - 1));
    assertThat(fragment.payloadBlock().dataBytes())
        .isEqualTo(bytes(original.payload().slice(0, (int) kept)));
    // a valid bundle, with new CRCs on the primary and payload blocks
    assertThat(CODEC.decode(CODEC.encode(fragment))).isEqualTo(fragment);
  }

  @Property(tries = 300)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void thePrefixTheReceiverKeptAndTheRestTheSenderSendsReassembleToTheOriginal(
      @ForAll("fragmentable") Bundle original,
      @ForAll @IntRange(min = 1, max = 1000) int ackedPermille,
      @ForAll @IntRange(min = 0, max = 400) int moreReceived,
      @ForAll long seed) {
    byte[] encoded = CODEC.encode(original);
    Bundle sent = CODEC.decode(encoded);
    long dataOffset = BundleCodec.payloadDataOffset(sent);
    int payload = original.payloadBlock().dataLength();
    // the acknowledged prefix reaches into the payload: 1 .. all of its octets, or beyond
    long acknowledged = dataOffset + Math.max(1, (payload + 8L) * ackedPermille / 1000);
    acknowledged = Math.min(acknowledged, encoded.length - 1);
    // the receiver got at least what it acknowledged (XFER_ACKs in flight when the link died)
    int received = (int) Math.min(acknowledged + moreReceived, encoded.length - 1);
    Statistics.label("overlap").collect(received > acknowledged ? "overlap" : "exact");

    long taken = Math.min(acknowledged - dataOffset, payload - 1L);
    Bundle rest = Fragmentation.remainder(sent, taken);
    Bundle kept = CODEC.decodePrefix(encoded, 0, received);

    assertThat(kept.payloadBlock().dataLength()).isGreaterThanOrEqualTo((int) taken);
    assertThat(rest.primary().fragmentOffset()).isEqualTo(taken);
    assertThat(rest.payloadBlock().dataLength()).isEqualTo(payload - taken);
    assertThat(CODEC.decode(CODEC.encode(rest))).isEqualTo(rest);
    List<Bundle> pieces = new ArrayList<>(List.of(CODEC.decode(CODEC.encode(kept)), rest));
    Collections.shuffle(pieces, new Random(seed));
    Reassembly reassembly = new Reassembly();
    assertThat(reassembly.add(pieces.get(0))).isInstanceOf(Reassembly.Incomplete.class);
    Reassembly.Outcome outcome = reassembly.add(pieces.get(1));

    assertThat(outcome).isInstanceOf(Reassembly.Complete.class);
    Bundle whole = ((Reassembly.Complete) outcome).bundle();
    assertThat(whole).isEqualTo(original);
    assertThat(whole.payloadBlock().dataBytes()).isEqualTo(original.payloadBlock().dataBytes());
  }

  @Property(tries = 300)
  void aRemainderHoldsTheRestOfThePayloadAndOnlyTheBlocksOfEveryFragment(
      @ForAll("anyBundles") Bundle original, @ForAll @IntRange(min = 1, max = 999) int permille) {
    int payload = original.payloadBlock().dataLength();
    Assume.that(payload >= 2 && !original.primary().flags().mustNotFragment());
    long from = Math.max(1, Math.min(payload - 1L, (long) payload * permille / 1000));
    PrimaryBlock p = original.primary();

    Bundle rest = Fragmentation.remainder(original, from);

    assertThat(rest.primary().fragmentOffset())
        .isEqualTo((p.isFragment() ? p.fragmentOffset() : 0) + from);
    assertThat(rest.primary().totalAduLength())
        .isEqualTo(p.isFragment() ? p.totalAduLength() : payload);
    assertThat(rest.payloadBlock().dataBytes())
        .isEqualTo(bytes(original.payload().slice((int) from, (int) (payload - from))));
    // the same blocks as the later fragments of proactive fragmentation carry
    Fragmentation split = Fragmentation.of(original, BundleCodec.encodedSizeBytes(rest));
    if (split instanceof Fragmentation.Fragments fragments && fragments.bundles().size() > 1) {
      Bundle later = fragments.bundles().get(1);
      assertThat(rest.blocks().subList(0, rest.blocks().size() - 1))
          .isEqualTo(later.blocks().subList(0, later.blocks().size() - 1));
    }
    assertThat(CODEC.decode(CODEC.encode(rest))).isEqualTo(rest);
  }

  @Property(tries = 1000)
  void arbitraryOctetsYieldAFragmentOrTheCodecsOwnException(@ForAll byte[] octets) {
    Throwable thrown = catchThrowable(() -> CODEC.decodePrefix(octets));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(BundleFormatException.class);
      assertThat(thrown.getCause()).as("a leak, not a rejection").isNull();
    }
  }

  @Property(tries = 500)
  void aDamagedPrefixYieldsAFragmentOrTheCodecsOwnException(
      @ForAll("anyBundles") Bundle original,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cutAt,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitAt) {
    byte[] encoded = CODEC.encode(original);
    int cut = 1 + cutAt % encoded.length;
    int bit = bitAt % (cut * 8);
    encoded[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));

    Throwable thrown = catchThrowable(() -> CODEC.decodePrefix(encoded, 0, cut));

    if (thrown != null) {
      assertThat(thrown).isInstanceOf(BundleFormatException.class);
      assertThat(thrown.getCause()).as("a leak, not a rejection").isNull();
    }
  }
}
