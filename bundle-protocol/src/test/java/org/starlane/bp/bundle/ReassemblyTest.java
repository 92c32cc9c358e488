package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ADU reassembly (RFC 9171 §5.9). */
class ReassemblyTest {
  private final Bundle original = FragmentationTest.bundle(1000, 0);
  private final List<Bundle> fragments =
      ((Fragmentation.Fragments) Fragmentation.of(original, 200)).bundles();
  private final BundleId aduId = original.id();

  /**
   * The fragment of {@code original} at [offset, offset + length): with all extension blocks at
   * offset 0, else with the replicated one.
   */
  private Bundle slice(long offset, int length) {
    return slice(offset, length, offset == 0);
  }

  private Bundle slice(long offset, int length, boolean allBlocks) {
    List<CanonicalBlock> blocks =
        new ArrayList<>(
            allBlocks
                ? original.blocks().subList(0, original.blocks().size() - 1)
                : List.of(original.blocks().get(1)));
    blocks.add(original.payloadBlock().withData(original.payload().slice((int) offset, length)));
    return Bundle.of(original.primary().asFragment(offset, 1000), blocks);
  }

  private static Bundle addAll(Reassembly r, List<Bundle> list) {
    Bundle whole = null;
    for (Bundle f : list) {
      Reassembly.Outcome o = r.add(f);
      assertThat(whole).as("completes only once, with the last piece").isNull();
      if (o instanceof Reassembly.Complete c) {
        whole = c.bundle();
      }
    }
    return whole;
  }

  @Test
  void reassemblesFragmentsReceivedInOrder() {
    Reassembly r = new Reassembly();

    Bundle whole = addAll(r, fragments);

    assertThat(whole).isEqualTo(original);
    assertThat(whole.primary().isFragment()).isFalse();
    assertThat(whole.payloadBlock().dataBytes()).isEqualTo(FragmentationTest.payload(1000));
    assertThat(r.pendingAdus()).isZero();
    assertThat(r.pendingBytes()).isZero();
  }

  @Test
  void reassemblesFragmentsReceivedInReverseOrder() {
    Reassembly r = new Reassembly();
    List<Bundle> reversed = new ArrayList<>(fragments);
    Collections.reverse(reversed);

    assertThat(addAll(r, reversed)).isEqualTo(original);
  }

  @Test
  void reportsHowManyBytesAreStillMissing() {
    Reassembly r = new Reassembly();

    Reassembly.Outcome o = r.add(fragments.get(0));

    int first = fragments.get(0).payloadBlock().dataLength();
    assertThat(o).isEqualTo(new Reassembly.Incomplete(aduId, 1000 - first));
    assertThat(r.isPending(aduId)).isTrue();
    assertThat(r.pendingBytes()).isEqualTo(first);
  }

  @Test
  void ignoresADuplicateFragment() {
    Reassembly r = new Reassembly();
    r.add(fragments.get(1));

    Reassembly.Outcome o = r.add(fragments.get(1));

    assertThat(o).isEqualTo(new Reassembly.Redundant(aduId));
    assertThat(r.pendingBytes()).isEqualTo(fragments.get(1).payloadBlock().dataLength());
    List<Bundle> rest = new ArrayList<>(fragments);
    rest.remove(1);
    assertThat(addAll(r, rest)).isEqualTo(original);
  }

  @Test
  void reassemblesOverlappingFragments() {
    Reassembly r = new Reassembly();

    assertThat(r.add(slice(0, 400))).isInstanceOf(Reassembly.Incomplete.class);
    assertThat(r.add(slice(600, 400))).isInstanceOf(Reassembly.Incomplete.class);
    assertThat(r.add(slice(100, 200))).isInstanceOf(Reassembly.Redundant.class);
    assertThat(r.add(slice(300, 400)))
        .isEqualTo(new Reassembly.Complete(original))
        .satisfies(
            o ->
                assertThat(((Reassembly.Complete) o).bundle().payloadBlock().dataBytes())
                    .isEqualTo(FragmentationTest.payload(1000)));
  }

  @Test
  void takesTheBlocksFromTheFragmentAtOffsetZero() {
    Reassembly r = new Reassembly();
    r.add(fragments.get(1));
    r.add(slice(0, 300, false)); // only the replicated block

    Reassembly.Outcome o = null;
    for (Bundle f : fragments.subList(2, fragments.size())) {
      o = r.add(f);
    }

    Bundle whole = ((Reassembly.Complete) o).bundle();
    assertThat(whole.blocks()).extracting(CanonicalBlock::number).containsExactly(3L, 1L);
  }

  @Test
  void neverCompletesWithAPieceMissing() {
    for (int missing = 0; missing < fragments.size(); missing++) {
      Reassembly r = new Reassembly();
      for (int i = 0; i < fragments.size(); i++) {
        if (i != missing) {
          assertThat(r.add(fragments.get(i))).isNotInstanceOf(Reassembly.Complete.class);
        }
      }
      assertThat(r.isPending(aduId)).isTrue();
    }
  }

  @Test
  void refusesAnAduLargerThanTheByteLimit() {
    Reassembly r = new Reassembly(4, 999);

    Reassembly.Outcome o = r.add(fragments.get(0));

    assertThat(o).isInstanceOf(Reassembly.Refused.class);
    assertThat(((Reassembly.Refused) o).problem()).contains("1000").contains("999");
    assertThat(r.pendingAdus()).isZero();
  }

  @Test
  void refusesFragmentsBeyondTheByteLimitAcrossAdus() {
    Reassembly r = new Reassembly(4, 1000);
    Bundle other =
        FragmentationTest.bundle(1000, 0)
            .withPrimary(
                new PrimaryBlock(
                    original.primary().flags(),
                    original.primary().crcType(),
                    original.primary().destination(),
                    original.primary().source(),
                    original.primary().reportTo(),
                    new CreationTimestamp(1, 1),
                    1000,
                    0,
                    0));
    List<Bundle> otherFragments =
        ((Fragmentation.Fragments) Fragmentation.of(other, 600)).bundles();
    r.add(otherFragments.get(0));
    long kept = r.pendingBytes();

    Reassembly.Outcome o = r.add(slice(0, 990));

    assertThat(o).isInstanceOf(Reassembly.Refused.class);
    assertThat(((Reassembly.Refused) o).problem()).contains("limit of 1000");
    assertThat(r.pendingBytes()).isEqualTo(kept);
    assertThat(r.isPending(aduId)).isFalse();
  }

  @Test
  void refusesANewAduBeyondTheAduLimit() {
    Reassembly r = new Reassembly(1, 1 << 20);
    Bundle other =
        slice(0, 10)
            .withPrimary(slice(0, 10).primary().withReportTo(original.primary().destination()));
    r.add(fragments.get(0));

    // Same source and creation timestamp: the same ADU, so no new one.
    assertThat(r.add(other)).isInstanceOf(Reassembly.Redundant.class);
    Bundle stranger =
        Bundle.of(
            new PrimaryBlock(
                    original.primary().flags(),
                    original.primary().crcType(),
                    original.primary().destination(),
                    original.primary().source(),
                    original.primary().reportTo(),
                    new CreationTimestamp(1, 1),
                    1000,
                    0,
                    0)
                .asFragment(0, 100),
            CanonicalBlock.payload(ByteBuffer.allocate(10)));
    assertThat(r.add(stranger)).isInstanceOf(Reassembly.Refused.class);
    assertThat(r.pendingAdus()).isEqualTo(1);
  }

  @Test
  void refusesAFragmentWhoseTotalLengthDisagrees() {
    Reassembly r = new Reassembly();
    r.add(fragments.get(0));
    Bundle liar =
        Bundle.of(
            original.primary().asFragment(500, 2000),
            CanonicalBlock.payload(ByteBuffer.allocate(10)));

    Reassembly.Outcome o = r.add(liar);

    assertThat(o).isInstanceOf(Reassembly.Refused.class);
    assertThat(((Reassembly.Refused) o).problem()).contains("2000").contains("1000");
  }

  @Test
  void discardForgetsTheKeptFragments() {
    Reassembly r = new Reassembly();
    r.add(fragments.get(0));

    assertThat(r.discard(aduId)).isTrue();

    assertThat(r.pendingAdus()).isZero();
    assertThat(r.pendingBytes()).isZero();
    assertThat(r.discard(aduId)).isFalse();
  }

  @Test
  void completesAnEmptyAduAtOnce() {
    Bundle empty =
        Bundle.of(
            original.primary().asFragment(0, 0), CanonicalBlock.payload(ByteBuffer.allocate(0)));

    Reassembly.Outcome o = new Reassembly().add(empty);

    assertThat(((Reassembly.Complete) o).bundle().primary()).isEqualTo(original.primary());
  }

  @Test
  void rejectsABundleThatIsNotAFragment() {
    assertThatThrownBy(() -> new Reassembly().add(original))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a fragment");
  }
}
