package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.admin.BundleStatus;
import org.starlane.bp.admin.BundleStatusReport;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.spi.RoutingDecision;

/**
 * Anticipatory fragmentation (CCSDS 734.3-B-1, RFC 9171 §5.8) with five real agents on the CGR
 * tutorial's plan in virtual time, where every contact into E carries 100 bytes/s: 1000 bytes in
 * each of A→E [10, 20), D→E [0, 10), [30, 40) and [50, 60). A bundle of about 1550 bytes sent from
 * A at 8 s fits none of them whole. B's contacts are left out: from C, the way back through B to
 * A→E would look free (each node books only its own view of the contacts, as in ION), and a piece
 * sent back to A is a duplicate there.
 */
class ContactGraphRouterFragmentationTest {

  private static final int PAYLOAD_BYTES = 1500;

  private static final TransmitOptions FIVE_MINUTES =
      TransmitOptions.DEFAULT.withLifetime(Duration.ofMinutes(5));
  private static final TransmitOptions WHOLE =
      FIVE_MINUTES.withFlag(BundleProcessingFlags.MUST_NOT_FRAGMENT);

  /** A's application sends the ADU to E at 8 s. */
  private static BundleId sendAtEightSeconds(TutorialNetwork net, TransmitOptions options) {
    return net.sendAt(1, 1, 8_000, adu(), options);
  }

  private static byte[] adu() {
    byte[] bytes = new byte[PAYLOAD_BYTES];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 17 + 11);
    }
    return bytes;
  }

  /** The plan with 100 bytes/s into E and without B. */
  private static ContactPlan narrowIntoE(ContactPlan plan) {
    return TutorialNetwork.withoutNode(TutorialNetwork.withRateInto(plan, 5, 100), 2);
  }

  private static TutorialNetwork narrowIntoE() {
    return new TutorialNetwork(ContactGraphRouterFragmentationTest::narrowIntoE, b -> b);
  }

  @Test
  void aBundleTooLargeForEveryContactIsSplitAndItsFragmentsTakeDifferentRoutesToBeReassembled() {
    TutorialNetwork net = narrowIntoE();
    BundleId id = sendAtEightSeconds(net, FIVE_MINUTES);
    net.time.runFor(Duration.ofMinutes(2));

    List<PlannedLinkLayer.Sent> fromA = net.sentOf(1, id);
    assertThat(fromA).hasSize(2);
    assertThat(fromA).allSatisfy(s -> assertThat(s.bundle().primary().isFragment()).isTrue());
    // The rest goes at once towards the later D→E contact; the first fragment waits for A→E.
    PlannedLinkLayer.Sent rest = fromA.get(0);
    PlannedLinkLayer.Sent first = fromA.get(1);
    assertThat(rest.neighbour()).isEqualTo(3);
    assertThat(rest.atMillis()).isEqualTo(net.t0 + 8_000);
    assertThat(first.neighbour()).isEqualTo(5);
    assertThat(first.atMillis()).isEqualTo(net.t0 + 10_000);
    assertThat(first.bundle().primary().fragmentOffset()).isZero();
    assertThat(rest.bundle().primary().fragmentOffset())
        .isEqualTo(first.bundle().payloadBlock().dataSizeBytes());
    // The first fragment, as A sent it (with its Previous Node block), is the largest whose
    // estimated consumption (size + 3 %) fits the 1000 bytes of A→E: 970 bytes at most.
    assertThat(BundleCodec.encodedSizeBytes(first.bundle())).isBetween(960L, 970L);
    assertThat(net.hops()).containsExactlyInAnyOrder("1->5", "1->3", "3->4", "4->5");
    assertThat(net.sentOf(4, id))
        .singleElement()
        .satisfies(s -> assertThat(s.atMillis()).isEqualTo(net.t0 + 30_000));

    assertThat(net.deliveredAt)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(31_000L, 40_000L));
    assertReassembledAtEAndNoStoreHoldsAPiece(net, id);
  }

  @Test
  void aBundleSentWhenTheContactToEIsMostlyOverSendsAFirstFragmentThatFillsTheTimeLeft() {
    TutorialNetwork net = narrowIntoE();
    // at 17 s, A→E [10, 20) has 1000 bytes of residual volume but only 3 s = 300 bytes of time
    BundleId id = net.sendAt(1, 1, 17_000, adu(), FIVE_MINUTES);
    net.time.runFor(Duration.ofMinutes(2));

    assertThat(net.sentOf(1, id).stream().filter(s -> s.neighbour() == 5))
        .as("one piece over A→E, and nothing after it: the contact is busy sending it until 20 s")
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.atMillis()).isEqualTo(net.t0 + 17_000);
              assertThat(s.bundle().primary().isFragment()).isTrue();
              assertThat(s.bundle().primary().fragmentOffset()).isZero();
              // the largest whose consumption (size + 3 %) fits 300 bytes: 291 at most, as sent
              assertThat(BundleCodec.encodedSizeBytes(s.bundle())).isBetween(281L, 291L);
            });
    assertThat(net.sentOf(1, id))
        .as("the rest goes through C at once, as a second fragment and the remainder")
        .hasSize(3)
        .filteredOn(s -> s.neighbour() == 3)
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.atMillis()).isEqualTo(net.t0 + 17_000));
    assertThat(net.sentOf(4, id))
        .extracting(PlannedLinkLayer.Sent::atMillis)
        .containsExactly(net.t0 + 30_000, net.t0 + 50_000);
    for (long sender : List.of(1L, 4L)) {
      assertThroughBeforeTheContactEnds(net, sender, net.sentOf(sender, id));
    }
    assertThat(net.deliveredAt)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(51_000L, 61_000L));
    assertReassembledAtEAndNoStoreHoldsAPiece(net, id);
  }

  /** E got the ADU of bundle {@code id} whole, byte for byte; no node holds a piece of it. */
  private static void assertReassembledAtEAndNoStoreHoldsAPiece(TutorialNetwork net, BundleId id) {
    assertThat(net.delivered)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.id()).isEqualTo(id);
              assertThat(b.primary().isFragment()).isFalse();
              assertThat(b.payloadBlock().dataBytes()).isEqualTo(adu());
            });
    for (long n = 1; n <= 5; n++) {
      assertThat(net.stores.get(n).list()).as("store of node %d", n).isEmpty();
    }
  }

  /**
   * Sent one after the other at the contact's rate, every piece {@code sender} sent into E has gone
   * before that contact ends.
   */
  private static void assertThroughBeforeTheContactEnds(
      TutorialNetwork net, long sender, List<PlannedLinkLayer.Sent> sent) {
    long busyUntil = 0;
    for (PlannedLinkLayer.Sent s : sent) {
      if (s.neighbour() != 5) {
        continue;
      }
      Contact c =
          net.plan.contactsFrom(sender).stream()
              .filter(k -> k.to() == 5 && k.isOpenAt(s.atMillis()))
              .findFirst()
              .orElseThrow();
      long bytes = BundleCodec.encodedSizeBytes(s.bundle());
      busyUntil =
          Math.max(busyUntil, s.atMillis())
              + (bytes * 1000 + c.rateBytesPerSecond() - 1) / c.rateBytesPerSecond();
      assertThat(busyUntil)
          .as("%d bytes from node %d, sent at %d", bytes, sender, s.atMillis() - net.t0)
          .isLessThanOrEqualTo(c.endMillis());
    }
  }

  @Test
  void theVolumeForTheFirstFragmentStaysBookedUntilTheAgentRoutesThatFragment() {
    TutorialNetwork net = narrowIntoE();
    net.time.runUntil(net.t0 + 8_000);
    ContactGraphRouter router = ContactGraphRouter.builder(1, net.plan, net.time).build();
    Contact aToE =
        net.plan.contactsFrom(1).stream().filter(c -> c.to() == 5).findFirst().orElseThrow();
    Bundle whole =
        Bundle.of(
            PrimaryBlock.of(
                ipn(5, 1), ipn(1, 1), new CreationTimestamp(net.time.dtnTimeMillis(), 0), 300_000),
            CanonicalBlock.payload(ByteBuffer.wrap(adu())));
    long now = net.time.nowMillis();
    // the router counts the bytes A sends: with A's Previous Node block, which A does not hold
    long previousNodeBytes =
        BundleCodec.encodedSizeBytes(whole.withPreviousNode(ipn(1, 0)))
            - BundleCodec.encodedSizeBytes(whole);

    RoutingDecision split = router.route(whole, List.of(), now);

    assertThat(previousNodeBytes).isPositive();
    assertThat(split).isEqualTo(new RoutingDecision.Fragment(970 - previousNodeBytes));
    assertThat(router.selection().volumes().residualBytes(aToE, Priority.NORMAL)).isZero();
    // Another bundle routed before the first fragment does not get that volume.
    Bundle other =
        Bundle.of(
            PrimaryBlock.of(
                ipn(5, 1), ipn(1, 1), new CreationTimestamp(net.time.dtnTimeMillis(), 1), 300_000),
            CanonicalBlock.payload(ByteBuffer.wrap(new byte[100])));
    router.route(other, List.of(), now);
    assertThat(router.selection().volumes().residualBytes(aToE, Priority.NORMAL)).isZero();

    List<Bundle> pieces =
        ((Fragmentation.Fragments) Fragmentation.split(whole, 970 - previousNodeBytes)).bundles();
    RoutingDecision first = router.route(pieces.get(0), List.of(), now);

    assertThat(first).isEqualTo(new RoutingDecision.WaitUntil(aToE.startMillis()));
    assertThat(router.selection().volumes().residualBytes(aToE, Priority.NORMAL))
        .isEqualTo(
            1000
                - ForwardingRequest.estimatedVolumeConsumption(
                    BundleCodec.encodedSizeBytes(pieces.get(0).withPreviousNode(ipn(1, 0)))));
    assertThat(router.selection().isBooked(pieces.get(0).id())).isTrue();
    assertThat(router.selection().isBooked(whole.id())).isFalse();
  }

  @Test
  void aRouterServesOneAgent() {
    TutorialNetwork net = narrowIntoE();

    assertThatThrownBy(() -> net.routers.get(1L).start(id -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serves an agent already");
  }

  @Test
  void aBundleThatMustNotBeFragmentedIsNotSplitAndIsDeletedWithAReportWhenNoRouteHasTheVolume() {
    TutorialNetwork net = narrowIntoE();

    BundleId id = sendAtEightSeconds(net, WHOLE.withReports(ipn(1, 0), BundleStatus.DELETED));
    net.time.runFor(Duration.ofMinutes(2));

    assertThat(net.hops()).isEmpty();
    assertThat(net.delivered).isEmpty();
    assertThat(net.stores.get(1L).list()).isEmpty();
    List<BundleStatusReport> deleted =
        net.reports.get(1L).stream().filter(r -> r.asserts(BundleStatus.DELETED)).toList();
    assertThat(deleted)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo(id);
              assertThat(r.reason()).isEqualTo(StatusReportReason.NO_KNOWN_ROUTE);
            });
  }

  @Test
  void aBundleThatMustNotBeFragmentedWaitsWholeForTheContactWithTheVolumeForIt() {
    // D→E [50, 60) carries 100,000 bytes/s again: the only route with room for the whole bundle
    TutorialNetwork net =
        new TutorialNetwork(
            p -> {
              ContactPlan narrow = narrowIntoE(p);
              Contact last =
                  narrow.contactsFrom(4).stream()
                      .filter(c -> c.to() == 5)
                      .max(Comparator.comparingLong(Contact::startMillis))
                      .orElseThrow();
              return narrow
                  .withoutContact(last)
                  .withContact(Contact.of(4, 5, last.startMillis(), last.endMillis(), 100_000));
            },
            b -> b);

    BundleId id = sendAtEightSeconds(net, WHOLE);
    net.time.runFor(Duration.ofMinutes(2));

    assertThat(net.hops()).containsExactlyInAnyOrder("1->3", "3->4", "4->5");
    assertThat(net.sentOf(1, id))
        .singleElement()
        .satisfies(s -> assertThat(s.bundle().primary().isFragment()).isFalse());
    assertThat(net.sentOf(4, id))
        .singleElement()
        .satisfies(s -> assertThat(s.atMillis()).isEqualTo(net.t0 + 50_000));
    assertThat(net.delivered).singleElement().satisfies(b -> assertThat(b.id()).isEqualTo(id));
  }
}
