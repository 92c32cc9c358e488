package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Fragmentation (RFC 9171 §5.8) and reassembly (§5.9) over generated bundles (every EID form, CRC
 * type and extension block of {@link BundleArbitraries}, payloads of 0..5000 bytes, any
 * fragmentable flags) and size limits from "too small" to "fits already".
 */
class FragmentationProperties {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  /** Non-fragment bundles that may be fragmented (anonymous ones must not be). */
  @Provide
  Arbitrary<Bundle> bundles() {
    return BundleArbitraries.fragmentableBundles(5000);
  }

  /**
   * A size limit for {@code b}: {@code permille} of the way from the smallest limit that lets a
   * first fragment carry one payload byte to the bundle's encoded size (negative: below that
   * smallest limit; over 1000: fits).
   */
  private static long limit(Bundle b, int permille) {
    PrimaryBlock p = b.primary();
    int payload = b.payloadBlock().dataLength();
    List<CanonicalBlock> blocks = new ArrayList<>(b.blocks().subList(0, b.blocks().size() - 1));
    blocks.add(b.payloadBlock().withData(b.payload().slice(0, Math.min(1, payload))));
    long total = p.isFragment() ? p.totalAduLength() : payload;
    long offset = p.isFragment() ? p.fragmentOffset() : 0;
    long smallest = CODEC.encode(Bundle.of(p.asFragment(offset, total), blocks)).length;
    int size = CODEC.encode(b).length;
    return permille < 0
        ? Math.max(1, smallest - 1 + permille / 10)
        : smallest + (size - smallest) * permille / 1000;
  }

  private static List<Bundle> fragmentsOrNull(Bundle b, long limit) {
    Fragmentation result = Fragmentation.of(b, limit);
    if (result instanceof Fragmentation.Fragments f) {
      return f.bundles();
    }
    assertThat(result).isInstanceOf(Fragmentation.LimitTooSmall.class);
    return null;
  }

  private static Bundle reassemble(List<Bundle> fragments, long seed) {
    List<Bundle> shuffled = new ArrayList<>(fragments);
    Collections.shuffle(shuffled, new Random(seed));
    Reassembly r = new Reassembly();
    Bundle whole = null;
    for (Bundle f : shuffled) {
      assertThat(whole).as("completes only with the last fragment").isNull();
      Reassembly.Outcome o = r.add(f);
      assertThat(o).isNotInstanceOf(Reassembly.Refused.class);
      if (o instanceof Reassembly.Complete c) {
        whole = c.bundle();
      }
    }
    assertThat(r.pendingAdus()).isZero();
    assertThat(r.pendingBytes()).isZero();
    return whole;
  }

  @Property(tries = 300)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void fragmentsFitTheLimitDecodeAndReassembleToTheOriginal(
      @ForAll("bundles") Bundle b,
      @ForAll @IntRange(min = -100, max = 1100) int permille,
      @ForAll long seed) {
    long limit = limit(b, permille);
    List<Bundle> fragments = fragmentsOrNull(b, limit);
    Statistics.label("outcome")
        .collect(fragments == null ? "too small" : fragments.size() == 1 ? "fits" : "fragmented");
    Statistics.label("outcome")
        .coverage(
            c -> {
              c.check("fragmented").percentage(p -> p >= 20); // ~45 % in practice
              c.check("fits").percentage(p -> p >= 3);
              c.check("too small").percentage(p -> p >= 3);
            });
    if (fragments == null) {
      // Refused only when one payload byte does not fit next to the blocks, or there is <2 bytes.
      assertThat(CODEC.encode(b).length).isGreaterThan((int) Math.min(limit, Integer.MAX_VALUE));
      return;
    }
    if (fragments.size() == 1) {
      assertThat(fragments.get(0)).isSameAs(b);
      assertThat(CODEC.encode(b).length).isLessThanOrEqualTo((int) limit);
      return;
    }
    long offset = 0;
    for (Bundle f : fragments) {
      byte[] encoded = CODEC.encode(f);
      assertThat((long) encoded.length).isLessThanOrEqualTo(limit);
      assertThat(CODEC.decode(encoded)).isEqualTo(f);
      assertThat(f.primary().fragmentOffset()).isEqualTo(offset);
      assertThat(f.payloadBlock().dataLength()).isPositive();
      offset += f.payloadBlock().dataLength();
    }
    assertThat(offset).isEqualTo(b.payloadBlock().dataLength());
    Bundle whole = reassemble(fragments, seed);
    assertThat(whole).isEqualTo(b);
    assertThat(CODEC.decode(CODEC.encode(whole))).isEqualTo(b);
  }

  @Property(tries = 300)
  void splittingGivesAFirstFragmentThatFitsAndOneWithTheRestThatReassembleToTheOriginal(
      @ForAll("bundles") Bundle b,
      @ForAll @IntRange(min = -100, max = 1100) int permille,
      @ForAll long seed) {
    long limit = limit(b, permille);

    Fragmentation result = Fragmentation.split(b, limit);

    if (!(result instanceof Fragmentation.Fragments f)) {
      assertThat(result).isInstanceOf(Fragmentation.LimitTooSmall.class);
      assertThat(CODEC.encode(b).length).isGreaterThan((int) Math.min(limit, Integer.MAX_VALUE));
      return;
    }
    if (f.bundles().size() == 1) {
      assertThat(f.bundles().get(0)).isSameAs(b);
      assertThat(CODEC.encode(b).length).isLessThanOrEqualTo((int) limit);
      return;
    }
    assertThat(f.bundles()).hasSize(2);
    Bundle first = f.bundles().get(0);
    Bundle rest = f.bundles().get(1);
    assertThat((long) CODEC.encode(first).length).isLessThanOrEqualTo(limit);
    assertThat(BundleCodec.encodedSizeBytes(first)).isEqualTo(CODEC.encode(first).length);
    // as large as the limit allows: the first fragment of Fragmentation.of is the same one, when
    // there is one (split bounds the first fragment only; `of` fails when a later fragment, with
    // the blocks replicated in every fragment, cannot fit the limit)
    if (Fragmentation.of(b, limit) instanceof Fragmentation.Fragments all) {
      assertThat(first).isEqualTo(all.bundles().get(0));
    }
    assertThat(rest.primary().fragmentOffset()).isEqualTo(first.payloadBlock().dataLength());
    assertThat(first.payloadBlock().dataLength() + rest.payloadBlock().dataLength())
        .isEqualTo(b.payloadBlock().dataLength());
    assertThat(CODEC.decode(CODEC.encode(rest))).isEqualTo(rest);
    assertThat(reassemble(f.bundles(), seed)).isEqualTo(b);
  }

  @Property(tries = 200)
  void fragmentsOfFragmentsReassembleToTheOriginal(
      @ForAll("bundles") Bundle b,
      @ForAll @IntRange(min = 100, max = 900) int permille,
      @ForAll @IntRange(min = 100, max = 900) int permilleAgain,
      @ForAll long seed) {
    List<Bundle> fragments = fragmentsOrNull(b, limit(b, permille));
    if (fragments == null || !fragments.get(0).primary().isFragment()) {
      return; // too small, or fits already (the first property covers both)
    }
    Random random = new Random(seed);
    List<Bundle> pieces = new ArrayList<>();
    for (Bundle f : fragments) {
      List<Bundle> again =
          random.nextBoolean() ? fragmentsOrNull(f, limit(f, permilleAgain)) : null;
      if (again == null) {
        pieces.add(f);
        continue;
      }
      long offset = f.primary().fragmentOffset();
      for (Bundle g : again) {
        assertThat(g.primary().fragmentOffset()).isEqualTo(offset);
        assertThat(g.primary().totalAduLength()).isEqualTo(f.primary().totalAduLength());
        assertThat(CODEC.decode(CODEC.encode(g))).isEqualTo(g);
        offset += g.payloadBlock().dataLength();
      }
      assertThat(offset).isEqualTo(f.primary().fragmentOffset() + f.payloadBlock().dataLength());
      pieces.addAll(again);
    }
    // A duplicate of one piece on the way changes nothing.
    pieces.add(pieces.get(random.nextInt(pieces.size())));
    Bundle whole = reassemble(pieces.subList(0, pieces.size() - 1), seed);
    assertThat(whole).isEqualTo(b);
  }

  @Property(tries = 200)
  void aBundleThatMustNotBeFragmentedIsNeverSplit(
      @ForAll("bundles") Bundle b, @ForAll @IntRange(max = 1100) int permille) {
    Bundle frozen =
        b.withPrimary(
            b.primary()
                .withFlags(b.primary().flags().with(BundleProcessingFlags.MUST_NOT_FRAGMENT)));
    long limit = limit(frozen, permille);

    Fragmentation result = Fragmentation.of(frozen, limit);

    if (CODEC.encode(frozen).length <= limit) {
      assertThat(result).isEqualTo(new Fragmentation.Fragments(List.of(frozen)));
    } else {
      assertThat(result).isInstanceOf(Fragmentation.MustNotFragment.class);
    }
  }
}
