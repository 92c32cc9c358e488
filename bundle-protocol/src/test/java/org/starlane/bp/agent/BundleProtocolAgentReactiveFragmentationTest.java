package org.starlane.bp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.testing.InMemoryConvergenceLayer;

/**
 * Reactive fragmentation by the agent (RFC 9171 §5.8; RFC 9174 §3.2), in virtual time: nodes 1 (A),
 * 2 (B) and 3 (C) in a line, A - B - C, over the in-memory convergence layer, whose sends a test
 * can cut after a given number of payload octets acknowledged and received.
 */
class BundleProtocolAgentReactiveFragmentationTest {
  private static final Duration DELAY = Duration.ofMillis(100);
  private static final Duration RETRY = Duration.ofSeconds(30);

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();

  @TempDir Path temp;

  /** A store whose stores of fragments wait for a gate, or are refused. */
  static final class GatedStore extends DelegatingStore {
    CompletableFuture<Void> fragmentGate = CompletableFuture.completedFuture(null);
    boolean refuseFragments;

    @Override
    public CompletionStage<StoreResult> store(StoredBundle bundle) {
      if (!bundle.bundle().primary().isFragment()) {
        return delegate.store(bundle);
      }
      if (refuseFragments) {
        return CompletableFuture.completedFuture(new StoreResult.DepletedStorage(1, 0, 0));
      }
      return fragmentGate.thenCompose(v -> delegate.store(bundle));
    }
  }

  /** One node: its agent, convergence layer, store, and what its application on service 1 got. */
  final class Node {
    final BundleProtocolAgent agent;
    final InMemoryConvergenceLayer cl;
    final GatedStore store = new GatedStore();
    final List<Bundle> delivered = new ArrayList<>();

    /** The payload of each delivered bundle, read during delivery (a payload file goes after). */
    final List<byte[]> deliveredPayloads = new ArrayList<>();

    final Path payloads;

    Node(long number, StaticRoutingTable routes, boolean reactive) {
      this.cl = new InMemoryConvergenceLayer(ipn(number, 0), time);
      this.payloads = temp.resolve("node-" + number);
      this.cl.wireDirectory = payloads;
      this.cl.payloadDirectory = payloads;
      this.agent =
          BundleProtocolAgent.builder(number, time)
              .router(routes)
              .store(store)
              .retryInterval(RETRY)
              .reactiveFragmentation(reactive)
              .payloadDirectory(payloads)
              .build();
      agent.register(
          ipn(number, 1),
          bundle -> {
            delivered.add(bundle);
            deliveredPayloads.add(payloadOf(bundle));
          },
          true,
          DeliveryFailureAction.DEFER);
    }
  }

  private Node a;
  private Node b;
  private Node c;
  private InMemoryConvergenceLayer.Connection ab;
  private InMemoryConvergenceLayer.Connection bc;

  /** The line A - B - C, with reactive fragmentation on or off at each node. */
  private void network(boolean reactiveA, boolean reactiveB, boolean reactiveC) {
    a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)), reactiveA);
    b = new Node(2, StaticRoutingTable.of("ipn:1.*", ipn(1, 0), "ipn:3.*", ipn(3, 0)), reactiveB);
    c = new Node(3, StaticRoutingTable.of("*", ipn(2, 0)), reactiveC);
    ab = InMemoryConvergenceLayer.connect(a.cl, b.cl, DELAY);
    bc = InMemoryConvergenceLayer.connect(b.cl, c.cl, DELAY);
    for (Node n : List.of(a, b, c)) {
      n.agent.attach(n.cl);
    }
    ab.up();
    bc.up();
    time.runUntilIdle();
  }

  private static byte[] adu(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 13 + 5);
    }
    return bytes;
  }

  private BundleId send(Node from, long toNode, byte[] payload, TransmitOptions options) {
    var result =
        from.agent.transmit(ipn(from.agent.nodeId().node(), 1), ipn(toNode, 1), payload, options);
    time.runUntil(time.nowMillis());
    return ((TransmitResult.Accepted) result.join()).id();
  }

  private static byte[] payloadOf(Bundle bundle) {
    try {
      return bundle.payloadBlock().isFileBacked()
          ? Files.readAllBytes(bundle.payloadBlock().dataFile().path())
          : bundle.payloadBlock().dataBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertDeliveredOnce(Node node, byte[] payload) {
    assertThat(node.delivered).hasSize(1);
    assertThat(node.delivered.get(0).primary().isFragment()).isFalse();
    assertThat(node.deliveredPayloads.get(0)).isEqualTo(payload);
  }

  @Test
  void sendsOnlyTheUnacknowledgedRestOfACutBundleAndTheDestinationReassemblesIt() {
    network(true, true, true);
    byte[] payload = adu(1000);
    ab.ab().cutNextSend(400, 400);

    BundleId id = send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1)); // well within the retry interval: no whole resend

    List<Bundle> sent = ab.ab().sent;
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).id()).isEqualTo(id);
    Bundle rest = sent.get(1);
    assertThat(rest.primary().isFragment()).isTrue();
    assertThat(rest.primary().fragmentOffset()).isEqualTo(400);
    assertThat(rest.primary().totalAduLength()).isEqualTo(1000);
    assertThat(rest.payloadBlock().dataLength()).isEqualTo(600);
    assertThat(ab.ab().encodedSizes.get(1)).isLessThan(ab.ab().encodedSizes.get(0) - 350);
    assertDeliveredOnce(b, payload);
    assertThat(a.agent.remainderFragmentsMade()).isEqualTo(1);
    assertThat(b.agent.prefixFragmentsKept()).isEqualTo(1);
    assertThat(a.store.delegate.list()).isEmpty();
    assertThat(b.store.delegate.list()).isEmpty();
  }

  @Test
  void reassemblesWhenTheReceiverGotMoreThanWasAcknowledged() {
    network(true, true, true);
    byte[] payload = adu(1000);
    ab.ab().cutNextSend(300, 850); // the acknowledgements of 550 octets were lost with the link

    send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    assertThat(ab.ab().sent.get(1).primary().fragmentOffset()).isEqualTo(300);
    assertDeliveredOnce(b, payload);
  }

  @Test
  void sendsTheWholeBundleAgainWhenTheAcknowledgedPrefixEndsBeforeThePayload() {
    network(true, true, true);
    byte[] payload = adu(1000);
    // nothing of the payload acknowledged, but 100 octets of it arrived: the receiver keeps them
    ab.ab().cutNextSend(-2, 100);

    BundleId id = send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(RETRY.plusSeconds(5));

    assertThat(ab.ab().sent).hasSize(2);
    assertThat(ab.ab().sent.get(1).id()).isEqualTo(id);
    assertThat(a.agent.remainderFragmentsMade()).isZero();
    assertThat(b.agent.prefixFragmentsKept()).isEqualTo(1);
    // the whole bundle ends the reassembly of the kept prefix: delivered once, nothing left
    assertDeliveredOnce(b, payload);
    assertThat(b.store.delegate.list()).isEmpty();
  }

  @Test
  void sendsABundleThatMustNotBeFragmentedAgainWhole() {
    network(true, true, true);
    byte[] payload = adu(1000);
    ab.ab().cutNextSend(400, 400);

    BundleId id =
        send(
            a,
            2,
            payload,
            TransmitOptions.DEFAULT.withFlag(BundleProcessingFlags.MUST_NOT_FRAGMENT));
    time.runFor(RETRY.plusSeconds(5));

    assertThat(ab.ab().sent).extracting(Bundle::id).containsExactly(id, id);
    assertThat(b.agent.prefixFragmentsKept()).isZero();
    assertDeliveredOnce(b, payload);
  }

  @Test
  void sendsTheWholeBundleAgainWhenItsLastPayloadOctetWasAcknowledgedButNotItsEnd() {
    network(true, true, true);
    byte[] payload = adu(1000);
    ab.ab().cutNextSend(1000, 1000); // every payload octet, not the CRC: all but one are kept

    send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    Bundle rest = ab.ab().sent.get(1);
    assertThat(rest.primary().fragmentOffset()).isEqualTo(999);
    assertThat(rest.payloadBlock().dataLength()).isEqualTo(1);
    assertDeliveredOnce(b, payload);
  }

  @Test
  void withReactiveFragmentationOffACutBundleIsSentAgainWholeAndTheReceivedPartDropped() {
    network(false, false, false);
    byte[] payload = adu(1000);
    ab.ab().cutNextSend(400, 600);

    BundleId id = send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    assertThat(ab.ab().sent).hasSize(1);
    assertThat(b.delivered).isEmpty();
    assertThat(b.store.delegate.list()).isEmpty(); // the prefix was not kept
    time.runFor(RETRY);
    assertThat(ab.ab().sent).extracting(Bundle::id).containsExactly(id, id);
    assertDeliveredOnce(b, payload);
    assertThat(a.agent.remainderFragmentsMade()).isZero();
    assertThat(b.agent.prefixFragmentsKept()).isZero();
  }

  @Test
  void aRelaySendsTheRestOfACutBundleAsItsOwnForwardedFragment() {
    network(true, true, true);
    byte[] payload = adu(1000);
    bc.ab().cutNextSend(250, 250);

    send(a, 3, payload, TransmitOptions.DEFAULT.withHopLimit(8));
    time.runFor(Duration.ofSeconds(1));

    List<Bundle> toC = bc.ab().sent;
    assertThat(toC).hasSize(2);
    assertThat(toC.get(0).hopCount()).contains(new HopCount(8, 2));
    Bundle rest = toC.get(1);
    assertThat(rest.primary().fragmentOffset()).isEqualTo(250);
    assertThat(rest.previousNode()).contains(ipn(2, 0));
    assertThat(rest.hopCount()).isEmpty(); // not flagged "replicate in every fragment"
    assertDeliveredOnce(c, payload);
    assertThat(c.delivered.get(0).hopCount()).contains(new HopCount(8, 2));
    assertThat(b.store.delegate.list()).isEmpty();
  }

  @Test
  void aRelayCountsItsHopOnceInAFragmentItSendsAgain() {
    network(true, true, true);
    byte[] payload = adu(1000);
    bc.ab().maxBundleSizeBytes = OptionalLong.of(400);
    // the first unit (offset 0, with the hop count block) is cut before anything arrived; the
    // others go through, so only it is sent again
    bc.ab().cutNextSend(-1000, -1000);

    send(a, 3, payload, TransmitOptions.DEFAULT.withHopLimit(8));
    time.runFor(Duration.ofSeconds(1));

    List<Bundle> toC = bc.ab().sent;
    Bundle first = toC.get(0);
    Bundle again = toC.get(toC.size() - 1);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(first.hopCount()).contains(new HopCount(8, 2));
    assertThat(again.hopCount()).contains(new HopCount(8, 2));
    assertThat(again.previousNode()).contains(ipn(2, 0));
    assertThat(toC.subList(1, toC.size() - 1)).extracting(Bundle::id).doesNotContain(first.id());
    assertDeliveredOnce(c, payload);
  }

  @Test
  void aCutFragmentOfAProactivelyFragmentedBundleLeavesOnlyItsRestToSend() {
    network(true, true, true);
    byte[] payload = adu(1000);
    ab.ab().maxBundleSizeBytes = OptionalLong.of(400);
    // units go out one by one; the first is cut after 100 of its payload octets
    ab.ab().cutNextSend(100, 100);

    send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    // every unit once, and then only the rest of the first one
    List<Bundle> sent = ab.ab().sent;
    List<Bundle> units = sent.subList(0, sent.size() - 1);
    assertThat(units).hasSizeGreaterThan(2);
    assertThat(units).extracting(Bundle::id).doesNotHaveDuplicates();
    Bundle first = sent.get(0);
    Bundle rest = sent.get(sent.size() - 1);
    assertThat(rest.primary().fragmentOffset()).isEqualTo(100);
    assertThat(rest.payloadBlock().dataLength()).isEqualTo(first.payloadBlock().dataLength() - 100);
    assertDeliveredOnce(b, payload);
    assertThat(a.store.delegate.list()).isEmpty();
  }

  @Test
  void theOriginalLeavesTheStoreOnlyOnceItsRestIsStored() {
    network(true, true, true);
    byte[] payload = adu(1000);
    a.store.fragmentGate = new CompletableFuture<>();
    ab.ab().cutNextSend(400, 400);

    BundleId id = send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    assertThat(a.store.delegate.list()).extracting(StoredBundle::id).containsExactly(id);
    assertThat(ab.ab().sent).hasSize(1);

    a.store.fragmentGate.complete(null);
    time.runUntil(time.nowMillis());

    assertThat(a.store.delegate.list())
        .singleElement()
        .satisfies(s -> assertThat(s.bundle().primary().fragmentOffset()).isEqualTo(400));
    time.runFor(Duration.ofSeconds(1));
    assertDeliveredOnce(b, payload);
    assertThat(a.store.delegate.list()).isEmpty();
  }

  @Test
  void keepsTheWholeBundleToSendAgainWhenItsRestCannotBeStored() {
    network(true, true, true);
    byte[] payload = adu(1000);
    a.store.refuseFragments = true;
    ab.ab().cutNextSend(400, 400);

    BundleId id = send(a, 2, payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    assertThat(a.store.delegate.list()).extracting(StoredBundle::id).containsExactly(id);
    assertThat(ab.ab().sent).hasSize(1);
    time.runFor(RETRY);
    assertThat(ab.ab().sent).extracting(Bundle::id).containsExactly(id, id);
    assertDeliveredOnce(b, payload);
  }

  @Test
  void theRestOfAFileBackedPayloadKeepsItsBytesInALinkOfItsOwn() throws Exception {
    network(true, true, true);
    int length = 200_000; // over the 64 KiB threshold: crosses as a file, reassembled in a file
    byte[] payload = adu(length);
    Path file = temp.resolve("image.bin");
    Files.write(file, payload);
    ab.ab().cutNextSend(50_000, 60_000);

    a.agent.transmit(ipn(1, 1), ipn(2, 1), file, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(1));

    Bundle rest = ab.ab().sent.get(1);
    assertThat(rest.primary().fragmentOffset()).isEqualTo(50_000);
    assertThat(rest.payloadBlock().dataFile().length()).isEqualTo(length - 50_000);
    assertDeliveredOnce(b, payload);
    assertThat(b.delivered.get(0).payloadBlock().isFileBacked()).isTrue();
    assertThat(a.agent.remainderFragmentsMade()).isEqualTo(1);
    try (Stream<Path> left = Files.list(a.payloads)) {
      assertThat(left).as("A's payload files, once everything was sent").isEmpty();
    }
  }
}
