package org.starlane.bp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.starlane.bp.admin.BundleStatus;
import org.starlane.bp.admin.BundleStatusReport;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.store.InMemoryBundleStore;
import org.starlane.bp.testing.InMemoryConvergenceLayer;

/**
 * Fragmentation (RFC 9171 §5.8) and reassembly (§5.9) by the agent, in virtual time: nodes 1 (A), 2
 * (B) and 3 (C) in a line, A - B - C, where the link from B to C takes small bundles only.
 */
class BundleProtocolAgentFragmentationTest {
  private static final Duration DELAY = Duration.ofMillis(100);
  private static final Duration SHORTLY = Duration.ofSeconds(10);
  private static final int SMALL = 150;

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();

  /** One node: its agent, convergence layer, store, and the reports its admin endpoint got. */
  final class Node {
    final BundleProtocolAgent agent;
    final InMemoryConvergenceLayer cl;
    final BundleStore store = new InMemoryBundleStore();
    final List<BundleStatusReport> reports = new ArrayList<>();

    Node(long number, StaticRoutingTable routes) {
      this.cl = new InMemoryConvergenceLayer(ipn(number, 0), time);
      this.agent =
          BundleProtocolAgent.builder(number, time)
              .router(routes)
              .store(store)
              .statusReportsEnabled(true)
              .administrativeRecordListener(
                  (bundle, record) -> reports.add((BundleStatusReport) record))
              .build();
    }

    List<Bundle> register(long service) {
      List<Bundle> got = new ArrayList<>();
      agent.register(
          ipn(agent.nodeId().node(), service), got::add, true, DeliveryFailureAction.DEFER);
      return got;
    }

    List<BundleStatusReport> reportsOf(BundleStatus status) {
      return reports.stream().filter(r -> r.asserts(status)).toList();
    }
  }

  private final Node a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)));
  private final Node b =
      new Node(2, StaticRoutingTable.of("ipn:1.*", ipn(1, 0), "ipn:3.*", ipn(3, 0)));
  private final Node c = new Node(3, StaticRoutingTable.of("*", ipn(2, 0)));
  private final InMemoryConvergenceLayer.Connection ab =
      InMemoryConvergenceLayer.connect(a.cl, b.cl, DELAY);
  private final InMemoryConvergenceLayer.Connection bc =
      InMemoryConvergenceLayer.connect(b.cl, c.cl, DELAY);

  {
    for (Node n : List.of(a, b, c)) {
      n.agent.attach(n.cl);
    }
    ab.up();
    bc.up();
    bc.ab().maxBundleSizeBytes = OptionalLong.of(SMALL);
    time.runUntilIdle();
  }

  /** An ADU of {@code length} bytes with a pattern that shows misplaced bytes. */
  static byte[] adu(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  private BundleId send(byte[] payload, TransmitOptions options) {
    var result = a.agent.transmit(ipn(1, 1), ipn(3, 1), payload, options);
    time.runUntil(time.nowMillis());
    return ((TransmitResult.Accepted) result.join()).id();
  }

  @Test
  void fragmentsABundleForALinkWithASmallMaximumAndDeliversTheWholeAduOnce() {
    List<Bundle> atC = c.register(1);
    byte[] payload = adu(1000);

    BundleId id =
        send(
            payload,
            TransmitOptions.DEFAULT
                .withHopLimit(8)
                .withReports(ipn(1, 0), BundleStatus.RECEIVED, BundleStatus.DELIVERED));
    time.runFor(SHORTLY);

    List<Bundle> fragments = bc.ab().sent;
    assertThat(fragments).hasSizeGreaterThan(6);
    assertThat(fragments)
        .allSatisfy(
            f -> {
              assertThat(f.primary().isFragment()).isTrue();
              assertThat(f.primary().totalAduLength()).isEqualTo(1000);
              assertThat(BundleCodec.DEFAULT.encode(f).length).isLessThanOrEqualTo(SMALL);
            });
    assertThat(fragments.get(0).previousNode()).contains(ipn(2, 0));
    assertThat(fragments.get(0).hopCount()).isPresent();
    assertThat(ab.ab().sent)
        .singleElement()
        .satisfies(x -> assertThat(x.primary().isFragment()).isFalse());

    assertThat(atC).hasSize(1);
    Bundle delivered = atC.get(0);
    assertThat(delivered.id()).isEqualTo(id);
    assertThat(delivered.primary().isFragment()).isFalse();
    assertThat(delivered.payloadBlock().dataBytes()).isEqualTo(payload);
    for (Node n : List.of(a, b, c)) {
      assertThat(n.store.list()).as("store of %s", n.agent.nodeId()).isEmpty();
    }

    // Reception reports from C name each fragment (RFC 9171 §6.1.1); delivery, the whole bundle.
    List<BundleId> receivedAtC =
        a.reportsOf(BundleStatus.RECEIVED).stream()
            .map(BundleStatusReport::subject)
            .filter(BundleId::fragment)
            .toList();
    assertThat(receivedAtC)
        .containsExactlyInAnyOrderElementsOf(fragments.stream().map(Bundle::id).toList());
    assertThat(receivedAtC).allSatisfy(s -> assertThat(s.fragmentLength()).isPositive());
    assertThat(a.reportsOf(BundleStatus.DELIVERED))
        .singleElement()
        .satisfies(r -> assertThat(r.subject()).isEqualTo(id));
  }

  @Test
  void deliversOnceWhenTheSameAduArrivesAgainInOtherFragments() {
    List<Bundle> atC = c.register(1);
    send(adu(700), TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);
    assertThat(atC).hasSize(1);

    // The same bundle, fragmented differently on another path, arrives later.
    Bundle whole = ab.ab().sent.get(0);
    List<Bundle> other =
        new ArrayList<>(((Fragmentation.Fragments) Fragmentation.of(whole, 300)).bundles());
    Collections.reverse(other);
    for (Bundle f : other) {
      c.agent.receive(f, bc.ba());
    }
    time.runFor(SHORTLY);

    assertThat(atC).hasSize(1);
    assertThat(c.store.list()).isEmpty();
  }

  @Test
  void resendsTheFragmentsWhenTheLinkWentDownDuringTheirTransfer() {
    List<Bundle> atC = c.register(1);
    BundleId id = send(adu(1000), TransmitOptions.DEFAULT);
    time.runFor(Duration.ofMillis(150)); // B sent the fragments at +100; they arrive at +200
    int fragments = bc.ab().sent.size();
    assertThat(fragments).isGreaterThan(1);
    bc.down();
    time.runFor(SHORTLY);

    assertThat(atC).isEmpty();
    assertThat(b.store.list()).extracting(s -> s.id()).containsExactly(id);

    bc.up();
    time.runFor(SHORTLY);

    assertThat(bc.ab().sent).hasSize(2 * fragments);
    assertThat(atC).extracting(Bundle::id).containsExactly(id);
    assertThat(b.store.list()).isEmpty();
    assertThat(c.store.list()).isEmpty();
  }

  @Test
  void refragmentsFragmentsForAnEvenSmallerLink() {
    List<Bundle> atC = c.register(1);
    ab.ab().maxBundleSizeBytes = OptionalLong.of(400);
    byte[] payload = adu(2000);

    BundleId id = send(payload, TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);

    assertThat(ab.ab().sent).hasSizeGreaterThan(4);
    assertThat(bc.ab().sent).hasSizeGreaterThan(ab.ab().sent.size());
    assertThat(bc.ab().sent)
        .allSatisfy(f -> assertThat(f.primary().totalAduLength()).isEqualTo(2000));
    assertThat(atC)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.id()).isEqualTo(id);
              assertThat(x.payloadBlock().dataBytes()).isEqualTo(payload);
            });
    assertThat(b.store.list()).isEmpty();
    assertThat(c.store.list()).isEmpty();
  }

  @Test
  void aBundleThatMustNotBeFragmentedIsNotDeliveredAndIsDeletedAtExpiryWithAReport() {
    List<Bundle> atC = c.register(1);
    long start = time.nowMillis();

    BundleId id =
        send(
            adu(1000),
            TransmitOptions.DEFAULT
                .withFlag(BundleProcessingFlags.MUST_NOT_FRAGMENT)
                .withLifetime(Duration.ofMinutes(10))
                .withReports(ipn(1, 0), BundleStatus.DELETED));
    time.runFor(SHORTLY);

    assertThat(bc.ab().sent).isEmpty();
    assertThat(b.store.list()).extracting(s -> s.id()).containsExactly(id);

    time.runUntilIdle();

    assertThat(atC).isEmpty();
    assertThat(bc.ab().sent).isEmpty();
    assertThat(b.store.list()).isEmpty();
    assertThat(a.reportsOf(BundleStatus.DELETED))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo(id);
              assertThat(r.reason()).isEqualTo(StatusReportReason.LIFETIME_EXPIRED);
            });
    assertThat(time.nowMillis()).isGreaterThanOrEqualTo(start + Duration.ofMinutes(10).toMillis());
  }

  @Test
  void deletesKeptFragmentsWhenTheirLifetimeEndsWithAReportForEach() {
    List<Bundle> atC = c.register(1);
    PrimaryBlock primary =
        new PrimaryBlock(
            BundleProcessingFlags.NONE.with(BundleProcessingFlags.REPORT_DELETION),
            CrcType.CRC32C,
            ipn(3, 1),
            ipn(1, 1),
            ipn(1, 0),
            new CreationTimestamp(time.dtnTimeMillis(), 9),
            60_000,
            0,
            0);
    Bundle whole = Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(adu(600))));
    List<Bundle> fragments = ((Fragmentation.Fragments) Fragmentation.of(whole, 200)).bundles();
    assertThat(fragments).hasSizeGreaterThan(3);
    List<Bundle> allButOne = fragments.subList(0, fragments.size() - 1);
    for (Bundle f : allButOne) {
      c.agent.receive(f, bc.ba());
    }
    time.runFor(SHORTLY);

    assertThat(atC).isEmpty();
    assertThat(c.store.list()).hasSize(allButOne.size());

    time.runFor(Duration.ofMinutes(2));

    assertThat(atC).isEmpty();
    assertThat(c.store.list()).isEmpty();
    assertThat(a.reportsOf(BundleStatus.DELETED))
        .extracting(BundleStatusReport::subject)
        .containsExactlyInAnyOrderElementsOf(allButOne.stream().map(Bundle::id).toList());
    assertThat(a.reportsOf(BundleStatus.DELETED))
        .allSatisfy(r -> assertThat(r.reason()).isEqualTo(StatusReportReason.LIFETIME_EXPIRED));

    // The last piece alone no longer completes anything.
    c.agent.receive(fragments.get(fragments.size() - 1), bc.ba());
    time.runFor(SHORTLY);
    assertThat(atC).isEmpty();
  }

  /** What node 4, with these reassembly limits, delivers of a 600-byte ADU in fragments. */
  private List<Bundle> deliveredByANodeWithReassemblyLimit(long maxPendingBytes) {
    InMemoryBundleStore store = new InMemoryBundleStore();
    BundleProtocolAgent node =
        BundleProtocolAgent.builder(4, time)
            .store(store)
            .router(StaticRoutingTable.of("*", ipn(2, 0)))
            .reassemblyLimits(4, maxPendingBytes)
            .build();
    List<Bundle> got = new ArrayList<>();
    node.register(ipn(4, 1), got::add, true, DeliveryFailureAction.DEFER);
    PrimaryBlock primary =
        PrimaryBlock.of(
            ipn(4, 1), ipn(1, 1), new CreationTimestamp(time.dtnTimeMillis(), 3), 60_000);
    Bundle whole = Bundle.of(primary, CanonicalBlock.payload(ByteBuffer.wrap(adu(600))));
    for (Bundle f : ((Fragmentation.Fragments) Fragmentation.of(whole, 200)).bundles()) {
      node.receive(f, bc.ba());
    }
    time.runFor(SHORTLY);
    assertThat(store.list()).isEmpty();
    return got;
  }

  @Test
  void deletesFragmentsOfAnAduLargerThanTheReassemblyLimit() {
    assertThat(deliveredByANodeWithReassemblyLimit(599)).isEmpty();
    assertThat(deliveredByANodeWithReassemblyLimit(600)).hasSize(1);
  }
}
