package org.starlane.bp.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.starlane.bp.admin.AdministrativeRecord;
import org.starlane.bp.admin.BundleStatus;
import org.starlane.bp.admin.BundleStatusItem;
import org.starlane.bp.admin.BundleStatusReport;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.RetentionConstraint;
import org.starlane.bp.spi.SecurityOutcome;
import org.starlane.bp.spi.SecurityProcessor;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.store.InMemoryBundleStore;
import org.starlane.bp.testing.InMemoryConvergenceLayer;

/**
 * Multi-node tests of the agent (RFC 9171 §5) in virtual time: nodes 1 (A), 2 (B) and 3 (C) in a
 * line, A - B - C, over an in-memory convergence layer with a 100 ms delay.
 */
class BundleProtocolAgentTest {
  private static final Duration DELAY = Duration.ofMillis(100);

  /** Long enough for every hop and report, far shorter than any bundle lifetime. */
  private static final Duration SHORTLY = Duration.ofSeconds(10);

  private static final byte[] HELLO = "hello".getBytes(UTF_8);

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();

  /** One node: its agent, convergence layer, what its applications and admin endpoint got. */
  final class Node {
    final BundleProtocolAgent agent;
    final InMemoryConvergenceLayer cl;
    final BundleStore store;
    final List<Bundle> adminBundles = new ArrayList<>();
    final List<BundleStatusReport> reports = new ArrayList<>();

    Node(long number, StaticRoutingTable routes, boolean reports, BundleStore store) {
      this.store = store;
      this.cl = new InMemoryConvergenceLayer(ipn(number, 0), time);
      this.agent =
          BundleProtocolAgent.builder(number, time)
              .router(routes)
              .store(store)
              .statusReportsEnabled(reports)
              .administrativeRecordListener(
                  (bundle, record) -> {
                    adminBundles.add(bundle);
                    this.reports.add((BundleStatusReport) record);
                  })
              .build();
    }

    List<Bundle> register(long service) {
      List<Bundle> got = new ArrayList<>();
      agent.register(ipn(nodeNumber(), service), got::add, true, DeliveryFailureAction.DEFER);
      return got;
    }

    long nodeNumber() {
      return agent.nodeId().node();
    }

    /** Reports that assert {@code status}. */
    List<BundleStatusReport> reportsOf(BundleStatus status) {
      return reports.stream().filter(r -> r.asserts(status)).toList();
    }
  }

  private Node a;
  private Node b;
  private Node c;
  private InMemoryConvergenceLayer.Connection ab;
  private InMemoryConvergenceLayer.Connection bc;

  /** A - B - C with static routes both ways; links up unless told otherwise. */
  private void line(boolean reports, BundleStore storeOfB, boolean abUp, boolean bcUp) {
    a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)), reports, new InMemoryBundleStore());
    b =
        new Node(
            2,
            StaticRoutingTable.of("ipn:1.*", ipn(1, 0), "ipn:3.*", ipn(3, 0)),
            reports,
            storeOfB);
    c = new Node(3, StaticRoutingTable.of("*", ipn(2, 0)), reports, new InMemoryBundleStore());
    ab = InMemoryConvergenceLayer.connect(a.cl, b.cl, DELAY);
    bc = InMemoryConvergenceLayer.connect(b.cl, c.cl, DELAY);
    for (Node n : List.of(a, b, c)) {
      n.agent.attach(n.cl);
    }
    if (abUp) {
      ab.up();
    }
    if (bcUp) {
      bc.up();
    }
    time.runUntilIdle();
  }

  private void line() {
    line(true, new InMemoryBundleStore(), true, true);
  }

  private BundleId send(Node from, EndpointId to, TransmitOptions options) {
    var result = from.agent.transmit(ipn(from.nodeNumber(), 1), to, HELLO, options);
    time.runUntil(time.nowMillis());
    assertThat(result).isCompleted();
    return ((TransmitResult.Accepted) result.join()).id();
  }

  private static TransmitOptions reportsTo(EndpointId reportTo, BundleStatus... statuses) {
    return TransmitOptions.DEFAULT.withReports(reportTo, statuses);
  }

  @Test
  void forwardsFromAThroughBToCAndDeliversThere() {
    line();
    List<Bundle> atC = c.register(1);

    BundleId id = send(a, ipn(3, 1), TransmitOptions.DEFAULT.withHopLimit(5));
    time.runUntilIdle();

    assertThat(atC).hasSize(1);
    Bundle delivered = atC.get(0);
    assertThat(delivered.id()).isEqualTo(id);
    assertThat(delivered.primary().source()).isEqualTo(ipn(1, 1));
    assertThat(delivered.payloadBlock().dataBytes()).isEqualTo(HELLO);
    assertThat(delivered.previousNode()).contains(ipn(2, 0));
    assertThat(delivered.hopCount()).contains(new HopCount(5, 2));
    for (Node n : List.of(a, b, c)) {
      assertThat(n.store.list()).as("store of %s", n.agent.nodeId()).isEmpty();
    }
  }

  @Test
  void replacesThePreviousNodeBlockOnEachHop() {
    line();
    c.register(1);

    send(a, ipn(3, 1), TransmitOptions.DEFAULT);
    time.runUntilIdle();

    InMemoryConvergenceLayer.MemoryLink aToB = ab.ab();
    InMemoryConvergenceLayer.MemoryLink bToC = bc.ab();
    assertThat(aToB.sent)
        .singleElement()
        .satisfies(x -> assertThat(x.previousNode()).contains(ipn(1, 0)));
    assertThat(bToC.sent)
        .singleElement()
        .satisfies(x -> assertThat(x.previousNode()).contains(ipn(2, 0)));
    assertThat(bToC.sent.get(0).blocks())
        .filteredOn(x -> x.type() == BlockType.PREVIOUS_NODE)
        .hasSize(1);
  }

  @Test
  void echoServiceSendsThePayloadBackToTheSource() {
    line();
    List<Bundle> atA = a.register(1);

    send(a, ipn(3, BundleProtocolAgent.ECHO_SERVICE), TransmitOptions.DEFAULT);
    time.runUntilIdle();

    assertThat(atA).hasSize(1);
    Bundle reply = atA.get(0);
    assertThat(reply.primary().source()).isEqualTo(ipn(3, 7));
    assertThat(reply.primary().destination()).isEqualTo(ipn(1, 1));
    assertThat(reply.payloadBlock().dataBytes()).isEqualTo(HELLO);
    assertThat(time.nowMillis() - VirtualTimeScheduler.DEFAULT_START.toEpochMilli())
        .as("four hops of 100 ms")
        .isEqualTo(400);
  }

  @Test
  void deletesABundleThatWaitsForALinkAtTheEndOfItsLifetimeAndReportsIt() {
    line(true, new InMemoryBundleStore(), true, false);
    long start = time.nowMillis();

    BundleId id =
        send(
            a,
            ipn(3, 1),
            reportsTo(ipn(1, 0), BundleStatus.DELETED).withLifetime(Duration.ofMinutes(10)));
    time.runUntil(start + Duration.ofMinutes(10).toMillis() - 1);

    assertThat(b.store.list()).extracting(s -> s.id()).containsExactly(id);
    assertThat(a.reportsOf(BundleStatus.DELETED)).isEmpty();

    time.runUntilIdle();

    assertThat(b.store.list()).extracting(s -> s.id()).doesNotContain(id);
    assertThat(a.reports).hasSize(1);
    BundleStatusReport report = a.reports.get(0);
    assertThat(report.subject()).isEqualTo(id);
    assertThat(report.reason()).isEqualTo(StatusReportReason.LIFETIME_EXPIRED);
    assertThat(report.deleted()).isEqualTo(BundleStatusItem.ASSERTED);
    assertThat(report.received().isAsserted()).isFalse();
    assertThat(a.adminBundles.get(0).primary().source()).isEqualTo(ipn(2, 0));
    assertThat(time.nowMillis()).isEqualTo(start + Duration.ofMinutes(10).toMillis() + 100);
  }

  @Test
  void deletesABundleWhoseHopCountExceedsItsLimit() {
    line();
    List<Bundle> atC = c.register(1);

    BundleId id = send(a, ipn(3, 1), reportsTo(ipn(1, 0), BundleStatus.DELETED).withHopLimit(1));
    time.runUntilIdle();

    assertThat(atC).isEmpty();
    assertThat(bc.ab().sent).isEmpty();
    assertThat(a.reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo(id);
              assertThat(r.reason()).isEqualTo(StatusReportReason.HOP_LIMIT_EXCEEDED);
              assertThat(r.asserts(BundleStatus.DELETED)).isTrue();
            });
    assertThat(a.adminBundles.get(0).primary().source()).isEqualTo(ipn(2, 0));
  }

  @Test
  void discardsADuplicateBundle() {
    line();
    List<Bundle> atC = c.register(1);
    Bundle bundle = bundleFrom1To3(BlockProcessingFlags.NONE, 0);

    b.agent.receive(bundle, ab.ba());
    b.agent.receive(bundle, ab.ba());
    time.runUntilIdle();

    assertThat(atC).hasSize(1);
    assertThat(bc.ab().sent).hasSize(1);
    assertThat(b.agent.duplicatesDiscarded()).isEqualTo(1);
  }

  @Test
  void answersTheConvergenceLayerAcceptedOnceStoredAndDuplicateForASecondCopy() {
    line(true, new InMemoryBundleStore(), true, false);
    Bundle bundle = bundleFrom1To3(BlockProcessingFlags.NONE, 0);

    var first = b.agent.receive(bundle, ab.ba());
    var second = b.agent.receive(bundle, ab.ba());
    assertThat(first).isNotDone();
    time.runUntil(time.nowMillis()); // not idle: the bundle waits for B - C until it expires

    assertThat(first).isCompletedWithValue(ReceiveResult.ACCEPTED);
    assertThat(second).isCompletedWithValue(ReceiveResult.DUPLICATE);
    assertThat(b.store.list()).extracting(StoredBundle::id).containsExactly(bundle.id());
  }

  @Test
  void answersTheConvergenceLayerRefusedWhenTheStoreIsFull() {
    line(true, new InMemoryBundleStore(40), true, false);

    var result = b.agent.receive(bundleFrom1To3(BlockProcessingFlags.NONE, 0), ab.ba());
    time.runUntilIdle();

    assertThat(result)
        .isCompletedWithValue(new ReceiveResult.Refused(StatusReportReason.DEPLETED_STORAGE));
    assertThat(b.store.list()).isEmpty();
  }

  @Test
  void answersTheConvergenceLayerAcceptedForABundleDeletedOnArrival() {
    line(true, new InMemoryBundleStore(), true, false);

    var result = b.agent.receive(agedBundle(1_000, 1_000), ab.ba());
    time.runUntilIdle();

    assertThat(result).isCompletedWithValue(ReceiveResult.ACCEPTED);
    assertThat(b.store.list()).isEmpty();
  }

  @Test
  void sendsEachStatusReportWithItsTimeWhenAsked() {
    line();
    c.register(1);
    long start = time.nowMillis();
    long startDtn = time.dtnTimeMillis();

    BundleId id =
        send(
            a,
            ipn(3, 1),
            reportsTo(
                    ipn(1, 0),
                    BundleStatus.RECEIVED,
                    BundleStatus.FORWARDED,
                    BundleStatus.DELIVERED,
                    BundleStatus.DELETED)
                .withFlag(BundleProcessingFlags.STATUS_TIME_REQUESTED));
    time.runUntilIdle();

    // A forwarded (at +100 when the send concluded); B received (+100), forwarded (+200);
    // C received and delivered (+200). Nothing was deleted, and nothing reported about reports.
    assertThat(a.reports).hasSize(5);
    assertThat(a.reports)
        .allSatisfy(
            r -> {
              assertThat(r.subject()).isEqualTo(id);
              assertThat(r.reason()).isEqualTo(StatusReportReason.NO_ADDITIONAL_INFORMATION);
              assertThat(r.statusInformation().stream().filter(BundleStatusItem::isAsserted))
                  .hasSize(1);
            });
    assertThat(reportTimes(BundleStatus.FORWARDED, startDtn)).containsExactlyInAnyOrder(100L, 200L);
    assertThat(reportTimes(BundleStatus.RECEIVED, startDtn)).containsExactlyInAnyOrder(100L, 200L);
    assertThat(reportTimes(BundleStatus.DELIVERED, startDtn)).containsExactly(200L);
    assertThat(a.reportsOf(BundleStatus.DELETED)).isEmpty();
    assertThat(a.adminBundles)
        .extracting(x -> x.primary().source())
        .containsOnly(ipn(1, 0), ipn(2, 0), ipn(3, 0));
    assertThat(time.nowMillis()).isGreaterThan(start);
  }

  private List<Long> reportTimes(BundleStatus status, long startDtn) {
    return a.reportsOf(status).stream()
        .map(r -> r.item(status).statusTimeMillis().getAsLong() - startDtn)
        .toList();
  }

  @Test
  void reportsWithoutTimeWhenTheBundleDoesNotAskForIt() {
    line();
    c.register(1);

    send(a, ipn(3, 1), reportsTo(ipn(1, 0), BundleStatus.DELIVERED));
    time.runUntilIdle();

    assertThat(a.reports)
        .singleElement()
        .satisfies(r -> assertThat(r.delivered()).isEqualTo(BundleStatusItem.ASSERTED));
  }

  @Test
  void sendsNoReportsWhenTheNodePolicyForbidsThem() {
    line(false, new InMemoryBundleStore(), true, true);
    List<Bundle> atC = c.register(1);

    send(
        a,
        ipn(3, 1),
        reportsTo(
            ipn(1, 0), BundleStatus.RECEIVED, BundleStatus.FORWARDED, BundleStatus.DELIVERED));
    time.runUntilIdle();

    assertThat(atC).hasSize(1);
    assertThat(a.reports).isEmpty();
  }

  @Test
  void sendsNoReportsAboutAnAnonymousBundle() {
    line();
    List<Bundle> atC = c.register(1);

    a.agent.transmit(EndpointId.NONE, ipn(3, 1), HELLO, TransmitOptions.DEFAULT);
    time.runUntilIdle();

    assertThat(atC)
        .singleElement()
        .satisfies(x -> assertThat(x.primary().source().isNull()).isTrue());
    assertThat(a.reports).isEmpty();
  }

  @Test
  void aBundleWaitsForALinkThatComesUpLater() {
    line(true, new InMemoryBundleStore(), false, true);
    List<Bundle> atC = c.register(1);

    BundleId id = send(a, ipn(3, 1), TransmitOptions.DEFAULT.withLifetime(Duration.ofHours(2)));
    time.runFor(Duration.ofHours(1));

    assertThat(atC).isEmpty();
    assertThat(a.store.list()).extracting(s -> s.id()).containsExactly(id);

    ab.up();
    time.runUntilIdle();

    assertThat(atC).extracting(Bundle::id).containsExactly(id);
    assertThat(a.store.list()).isEmpty();
  }

  @Test
  void refusesToTransmitWhenStorageIsDepleted() {
    VirtualTimeScheduler t = time;
    BundleProtocolAgent agent =
        BundleProtocolAgent.builder(1, t).store(new InMemoryBundleStore(40)).build();

    var result = agent.transmit(ipn(1, 1), ipn(3, 1), new byte[100], TransmitOptions.DEFAULT);
    t.runUntilIdle();

    assertThat(result.join())
        .isEqualTo(new TransmitResult.Refused(StatusReportReason.DEPLETED_STORAGE));
  }

  @Test
  void deletesAReceivedBundleThatDoesNotFitAndReportsDepletedStorage() {
    line(true, new InMemoryBundleStore(500), true, true);
    List<Bundle> atC = c.register(1);

    var result =
        a.agent.transmit(
            ipn(1, 1), ipn(3, 1), new byte[2000], reportsTo(ipn(1, 0), BundleStatus.DELETED));
    time.runUntilIdle();

    BundleId id = ((TransmitResult.Accepted) result.join()).id();
    assertThat(atC).isEmpty();
    assertThat(a.reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo(id);
              assertThat(r.reason()).isEqualTo(StatusReportReason.DEPLETED_STORAGE);
              assertThat(r.asserts(BundleStatus.DELETED)).isTrue();
            });
  }

  @Test
  void deletesABundleWithNoRouteAndReportsIt() {
    line();

    BundleId id = send(b, ipn(9, 1), reportsTo(ipn(2, 0), BundleStatus.DELETED));
    time.runUntilIdle();

    assertThat(b.reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo(id);
              assertThat(r.reason()).isEqualTo(StatusReportReason.NO_KNOWN_ROUTE);
            });
    assertThat(b.store.list()).isEmpty();
  }

  // RFC 9171 §5.6 step 4: blocks of unknown types

  private Bundle bundleFrom1To3(BlockProcessingFlags unknownBlockFlags, long extraFlags) {
    PrimaryBlock primary =
        new PrimaryBlock(
            BundleProcessingFlags.NONE.with(extraFlags),
            CrcType.CRC32C,
            ipn(3, 1),
            ipn(1, 1),
            ipn(1, 0),
            new CreationTimestamp(time.dtnTimeMillis(), 42),
            60_000,
            0,
            0);
    List<CanonicalBlock> blocks = new ArrayList<>();
    if (unknownBlockFlags != BlockProcessingFlags.NONE) {
      blocks.add(
          new CanonicalBlock(
              200, 5, unknownBlockFlags, CrcType.CRC32C, ByteBuffer.wrap(new byte[] {1, 2, 3})));
    }
    blocks.add(CanonicalBlock.payload(ByteBuffer.wrap(HELLO)));
    return Bundle.of(primary, blocks);
  }

  @Test
  void deletesABundleWithAnUnknownBlockFlaggedDeleteBundle() {
    line();
    List<Bundle> atC = c.register(1);
    Bundle bundle =
        bundleFrom1To3(
            BlockProcessingFlags.NONE.with(BlockProcessingFlags.DELETE_BUNDLE_IF_UNPROCESSABLE),
            BundleProcessingFlags.REPORT_DELETION);

    b.agent.receive(bundle, ab.ba());
    time.runUntilIdle();

    assertThat(atC).isEmpty();
    assertThat(a.reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.asserts(BundleStatus.DELETED)).isTrue();
              assertThat(r.reason()).isEqualTo(StatusReportReason.BLOCK_UNSUPPORTED);
            });
  }

  @Test
  void discardsAnUnknownBlockFlaggedDiscardAndForwardsTheRest() {
    line();
    List<Bundle> atC = c.register(1);
    Bundle bundle =
        bundleFrom1To3(
            BlockProcessingFlags.NONE.with(BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE), 0);

    b.agent.receive(bundle, ab.ba());
    time.runUntilIdle();

    assertThat(atC).singleElement().satisfies(x -> assertThat(x.block(5)).isEmpty());
  }

  @Test
  void keepsAnUnknownBlockWithoutFlagsAndReportsOneFlaggedReport() {
    line();
    List<Bundle> atC = c.register(1);
    Bundle bundle =
        bundleFrom1To3(
            BlockProcessingFlags.NONE.with(BlockProcessingFlags.REPORT_IF_UNPROCESSABLE), 0);

    b.agent.receive(bundle, ab.ba());
    time.runUntilIdle();

    assertThat(atC).singleElement().satisfies(x -> assertThat(x.block(5)).isPresent());
    // C does not know block 200 either: both B and C report it
    assertThat(a.reports)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.asserts(BundleStatus.RECEIVED)).isTrue();
              assertThat(r.reason()).isEqualTo(StatusReportReason.BLOCK_UNSUPPORTED);
            });
  }

  // Bundle age (RFC 9171 §4.4.2): a source without a clock

  private Bundle agedBundle(long ageMillis, long lifetimeMillis) {
    PrimaryBlock primary =
        new PrimaryBlock(
            BundleProcessingFlags.NONE.with(BundleProcessingFlags.REPORT_DELETION),
            CrcType.CRC32C,
            ipn(3, 1),
            ipn(1, 1),
            ipn(1, 0),
            new CreationTimestamp(0, 7),
            lifetimeMillis,
            0,
            0);
    CanonicalBlock age =
        new CanonicalBlock(
            BlockType.BUNDLE_AGE,
            2,
            BlockProcessingFlags.NONE,
            CrcType.CRC32C,
            ExtensionBlocks.bundleAgeData(ageMillis));
    return Bundle.of(primary, List.of(age, CanonicalBlock.payload(ByteBuffer.wrap(HELLO))));
  }

  @Test
  void expiresABundleWithoutCreationTimeByItsBundleAge() {
    line(true, new InMemoryBundleStore(), true, false);
    long start = time.nowMillis();

    b.agent.receive(agedBundle(1_000, 5_000), ab.ba());
    time.runUntil(start + 3_999);
    assertThat(b.store.list()).hasSize(1);

    time.runUntil(start + 4_000);
    assertThat(b.store.list())
        .extracting(s -> s.bundle().primary().source())
        .doesNotContain(ipn(1, 1));
    time.runUntilIdle();
    assertThat(a.reports)
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo(StatusReportReason.LIFETIME_EXPIRED));
  }

  @Test
  void addsTheTimeSpentAtANodeToTheBundleAgeWhenForwarding() {
    line(true, new InMemoryBundleStore(), true, false);
    List<Bundle> atC = c.register(1);

    b.agent.receive(agedBundle(1_000, 60_000), ab.ba());
    time.runFor(Duration.ofSeconds(2));
    bc.up();
    time.runUntilIdle();

    assertThat(atC)
        .singleElement()
        .satisfies(x -> assertThat(x.bundleAgeMillis()).isEqualTo(OptionalLong.of(3_000)));
  }

  // Registrations (RFC 9171 §3.1, §5.7)

  @Test
  void passiveRegistrationDefersBundlesUntilPolled() {
    line();
    List<Bundle> listener = new ArrayList<>();
    Registration r = c.agent.register(ipn(3, 1), listener::add, false, DeliveryFailureAction.DEFER);

    BundleId id = send(a, ipn(3, 1), reportsTo(ipn(1, 0), BundleStatus.DELIVERED));
    time.runFor(SHORTLY);
    assertThat(listener).isEmpty();
    assertThat(a.reports).isEmpty();
    var polled = r.poll();
    time.runFor(SHORTLY);

    assertThat(polled.join()).extracting(Bundle::id).containsExactly(id);
    assertThat(listener).isEmpty();
    assertThat(a.reportsOf(BundleStatus.DELIVERED)).hasSize(1);
    assertThat(c.store.list()).isEmpty();
  }

  @Test
  void activatingARegistrationDeliversDeferredBundlesInOrder() {
    line();
    List<Bundle> listener = new ArrayList<>();
    Registration r = c.agent.register(ipn(3, 1), listener::add, false, DeliveryFailureAction.DEFER);

    BundleId first = send(a, ipn(3, 1), TransmitOptions.DEFAULT);
    BundleId second = send(a, ipn(3, 1), TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);
    r.activate();
    time.runFor(SHORTLY);

    assertThat(listener).extracting(Bundle::id).containsExactly(first, second);
  }

  @Test
  void passiveRegistrationThatAbandonsDeletesTheBundle() {
    line();
    c.agent.register(ipn(3, 1), x -> {}, false, DeliveryFailureAction.ABANDON);

    send(a, ipn(3, 1), reportsTo(ipn(1, 0), BundleStatus.DELETED));
    time.runUntilIdle();

    assertThat(a.reports)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .isEqualTo(StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE));
  }

  @Test
  void rejectsRegistrationOfAnotherNodesEndpoint() {
    line();
    assertThatThrownBy(
            () -> a.agent.register(ipn(2, 1), x -> {}, true, DeliveryFailureAction.DEFER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ipn:2.1");
  }

  @Test
  void decodesReportsWithAdministrativeRecord() {
    line();
    c.register(1);

    send(a, ipn(3, 1), reportsTo(ipn(1, 0), BundleStatus.DELIVERED));
    time.runUntilIdle();

    Bundle reportBundle = a.adminBundles.get(0);
    assertThat(reportBundle.primary().flags().isAdministrativeRecord()).isTrue();
    assertThat(AdministrativeRecord.fromBundle(reportBundle)).isEqualTo(a.reports.get(0));
  }

  // Forwarding failures and contraindication (RFC 9171 §5.4, §5.4.1)

  @Test
  void resendsABundleWhoseTransferFailedOnceTheLinkIsBack() {
    line();
    List<Bundle> atC = c.register(1);

    BundleId id = send(a, ipn(3, 1), reportsTo(ipn(1, 0), BundleStatus.FORWARDED));
    time.runFor(Duration.ofMillis(50));
    ab.down(); // mid-transfer: the send is refused
    time.runFor(SHORTLY);

    assertThat(atC).isEmpty();
    assertThat(a.store.list()).extracting(s -> s.id()).containsExactly(id);
    assertThat(a.reports).isEmpty();

    ab.up();
    time.runFor(SHORTLY);

    assertThat(atC).extracting(Bundle::id).containsExactly(id);
    assertThat(ab.ab().sent).hasSize(2);
    assertThat(a.store.list()).isEmpty();
    assertThat(a.reportsOf(BundleStatus.FORWARDED)).hasSize(2); // by A and by B, once each
  }

  @Test
  void keepsABundleWhenNoFragmentOfItFitsTheLinkMaximum() {
    line();
    List<Bundle> atC = c.register(1);
    bc.ab().maxBundleSizeBytes = OptionalLong.of(64); // less than the blocks without payload

    var result = a.agent.transmit(ipn(1, 1), ipn(3, 1), new byte[200], TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);

    assertThat(result.join()).isInstanceOf(TransmitResult.Accepted.class);
    assertThat(bc.ab().sent).isEmpty();
    assertThat(atC).isEmpty();
    assertThat(b.store.list()).hasSize(1);
  }

  @Test
  void entryPointsOnlyQueueWorkOnTheScheduler() {
    line();
    List<Bundle> atC = c.register(1);

    var result = a.agent.transmit(ipn(1, 1), ipn(3, 1), HELLO, TransmitOptions.DEFAULT);

    assertThat(result).isNotDone();
    assertThat(a.store.list()).isEmpty();
    time.runFor(SHORTLY);
    assertThat(result).isCompleted();
    assertThat(atC).hasSize(1);
  }

  // Security processor hooks

  @Test
  void deletesABundleTheSecurityProcessorRejectsAtReception() {
    line(true, new InMemoryBundleStore(), true, false); // C is replaced by a guarded node 3
    List<Bundle> atC = new ArrayList<>();
    BundleProtocolAgent guarded =
        BundleProtocolAgent.builder(3, time)
            .statusReportsEnabled(true)
            .router(StaticRoutingTable.of("*", ipn(2, 0)))
            .security(
                new SecurityProcessor() {
                  @Override
                  public SecurityOutcome atReception(Bundle bundle) {
                    return new SecurityOutcome.Delete(StatusReportReason.FAILED_SECURITY_OPERATION);
                  }

                  @Override
                  public SecurityOutcome beforeForwarding(Bundle bundle) {
                    return new SecurityOutcome.Continue(bundle);
                  }

                  @Override
                  public SecurityOutcome atLocalDelivery(Bundle bundle) {
                    return new SecurityOutcome.Continue(bundle);
                  }
                })
            .build();
    guarded.register(ipn(3, 1), atC::add, true, DeliveryFailureAction.DEFER);
    InMemoryConvergenceLayer guardedCl = new InMemoryConvergenceLayer(ipn(3, 0), time);
    InMemoryConvergenceLayer.Connection toGuarded =
        InMemoryConvergenceLayer.connect(b.cl, guardedCl, DELAY);
    guarded.attach(guardedCl);
    toGuarded.up();

    guarded.receive(
        bundleFrom1To3(BlockProcessingFlags.NONE, BundleProcessingFlags.REPORT_DELETION),
        toGuarded.ba());
    time.runFor(SHORTLY);

    assertThat(atC).isEmpty();
    assertThat(a.reports)
        .singleElement()
        .satisfies(
            r -> assertThat(r.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Test
  void forwardsTheBundleTheSecurityProcessorReturnsBeforeForwarding() {
    CanonicalBlock marker =
        new CanonicalBlock(
            BlockType.BLOCK_INTEGRITY,
            9,
            BlockProcessingFlags.NONE,
            CrcType.CRC32C,
            ByteBuffer.wrap(new byte[] {(byte) 0x81, 1}));
    SecurityProcessor addsBlock =
        new SecurityProcessor() {
          @Override
          public SecurityOutcome atReception(Bundle bundle) {
            return new SecurityOutcome.Continue(bundle);
          }

          @Override
          public SecurityOutcome beforeForwarding(Bundle bundle) {
            return new SecurityOutcome.Continue(bundle.withBlock(marker));
          }

          @Override
          public SecurityOutcome atLocalDelivery(Bundle bundle) {
            return new SecurityOutcome.Continue(bundle);
          }
        };
    BundleProtocolAgent sender =
        BundleProtocolAgent.builder(1, time)
            .router(StaticRoutingTable.of("*", ipn(2, 0)))
            .security(addsBlock)
            .build();
    InMemoryConvergenceLayer cl1 = new InMemoryConvergenceLayer(ipn(1, 0), time);
    InMemoryConvergenceLayer cl2 = new InMemoryConvergenceLayer(ipn(2, 0), time);
    InMemoryConvergenceLayer.Connection link = InMemoryConvergenceLayer.connect(cl1, cl2, DELAY);
    sender.attach(cl1);
    link.up();

    sender.transmit(ipn(1, 1), ipn(2, 1), HELLO, TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);

    assertThat(link.ab().sent).singleElement().satisfies(x -> assertThat(x.block(9)).isPresent());
  }

  // Recovery from the store

  @Test
  void recoversStoredBundlesDispatchingLiveOnesAndDeletingExpiredOnes() {
    InMemoryBundleStore storeOfB = new InMemoryBundleStore();
    long now = time.nowMillis();
    Bundle live = bundleFrom1To3(BlockProcessingFlags.NONE, BundleProcessingFlags.REPORT_DELETION);
    PrimaryBlock old = live.primary();
    Bundle expired =
        Bundle.of(
            new PrimaryBlock(
                old.flags(),
                old.crcType(),
                old.destination(),
                old.source(),
                old.reportTo(),
                new CreationTimestamp(time.dtnTimeMillis() - 120_000, 1),
                60_000,
                0,
                0),
            live.payloadBlock());
    for (Bundle x : List.of(live, expired)) {
      storeOfB.store(
          new StoredBundle(
              x,
              new BundleMetadata(
                  now - 1_000, ipn(1, 0), Set.of(RetentionConstraint.FORWARD_PENDING))));
    }
    line(true, storeOfB, true, true);
    List<Bundle> atC = c.register(1);

    var recovered = b.agent.recover();
    time.runFor(SHORTLY);

    assertThat(recovered.join()).isEqualTo(2);
    assertThat(atC).extracting(Bundle::id).containsExactly(live.id());
    assertThat(a.reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subject()).isEqualTo(expired.id());
              assertThat(r.reason()).isEqualTo(StatusReportReason.LIFETIME_EXPIRED);
            });
    assertThat(storeOfB.list()).isEmpty();

    b.agent.receive(live, ab.ba());
    time.runFor(SHORTLY);
    assertThat(b.agent.duplicatesDiscarded()).isEqualTo(1);
  }
}
