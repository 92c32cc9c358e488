package org.starlane.bp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.agent.BundleProtocolAgentFragmentationTest.adu;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Router;
import org.starlane.bp.spi.RoutingDecision;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.store.InMemoryBundleStore;
import org.starlane.bp.testing.InMemoryConvergenceLayer;

/**
 * What a router can ask of the agent besides "forward" and "wait", in virtual time with node 1 (A)
 * linked to node 2 (B): anticipatory fragmentation ({@link RoutingDecision.Fragment}, RFC 9171
 * §5.8) and routing a waiting bundle again at the router's request ({@link Router.Rerouting}). A's
 * router is scripted by each test; B delivers.
 */
class BundleProtocolAgentRoutingTest {
  private static final Duration DELAY = Duration.ofMillis(100);
  private static final Duration SHORTLY = Duration.ofSeconds(10);

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();

  @TempDir Path temp;

  /** A router whose decisions a test scripts; it records what it was asked about. */
  static final class ScriptedRouter implements Router {
    Function<Bundle, RoutingDecision> decide;
    final List<Bundle> asked = new ArrayList<>();
    final List<Long> askedAtMillis = new ArrayList<>();
    Rerouting rerouting;
    private Collection<Link> linksUp = List.of();

    @Override
    public void start(Rerouting value) {
      rerouting = value;
    }

    @Override
    public RoutingDecision route(Bundle bundle, Collection<Link> links, long nowMillis) {
      asked.add(bundle);
      askedAtMillis.add(nowMillis);
      linksUp = links;
      return decide.apply(bundle);
    }

    /** Forward over the first link that is up, or wait for one. */
    RoutingDecision forward() {
      return linksUp.isEmpty()
          ? new RoutingDecision.WaitForLink(ipn(2, 0))
          : new RoutingDecision.Forward(List.of(linksUp.iterator().next()));
    }

    /**
     * Asks for a first fragment of at most {@code max} bytes for a bundle larger, else forwards.
     */
    Function<Bundle, RoutingDecision> fragmentingTo(long max) {
      return b ->
          BundleCodec.encodedSizeBytes(b) > max ? new RoutingDecision.Fragment(max) : forward();
    }
  }

  private final ScriptedRouter router = new ScriptedRouter();
  private InMemoryConvergenceLayer.Connection ab;
  private BundleProtocolAgent a;
  private final List<byte[]> deliveredAtB = new ArrayList<>();
  private final List<Bundle> bundlesDeliveredAtB = new ArrayList<>();
  private final InMemoryBundleStore storeOfB = new InMemoryBundleStore();

  /** A (with {@code storeOfA}, and a payload directory if {@code files}) linked to B. */
  private void network(BundleStore storeOfA, boolean files) throws IOException {
    BundleProtocolAgent.Builder builderOfA =
        BundleProtocolAgent.builder(1, time).router(router).store(storeOfA);
    BundleProtocolAgent.Builder builderOfB =
        BundleProtocolAgent.builder(2, time).store(storeOfB).router(StaticRoutingTable.of());
    InMemoryConvergenceLayer clOfA = new InMemoryConvergenceLayer(ipn(1, 0), time);
    InMemoryConvergenceLayer clOfB = new InMemoryConvergenceLayer(ipn(2, 0), time);
    if (files) {
      clOfA.wireDirectory = Files.createDirectories(temp.resolve("a"));
      clOfA.payloadDirectory = clOfA.wireDirectory;
      clOfB.wireDirectory = Files.createDirectories(temp.resolve("b"));
      clOfB.payloadDirectory = clOfB.wireDirectory;
      builderOfA.payloadDirectory(clOfA.payloadDirectory);
      builderOfB.payloadDirectory(clOfB.payloadDirectory);
    }
    a = builderOfA.build();
    BundleProtocolAgent b = builderOfB.build();
    b.register(
        ipn(2, 1),
        bundle -> {
          bundlesDeliveredAtB.add(bundle);
          deliveredAtB.add(payloadOf(bundle));
        },
        true,
        DeliveryFailureAction.DEFER);
    ab = InMemoryConvergenceLayer.connect(clOfA, clOfB, DELAY);
    a.attach(clOfA);
    b.attach(clOfB);
    ab.up();
    time.runUntilIdle();
  }

  private static byte[] payloadOf(Bundle bundle) {
    PayloadFile file = bundle.payloadBlock().dataFile();
    if (file == null) {
      return bundle.payloadBlock().dataBytes();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.path().toFile(), "r")) {
      byte[] bytes = new byte[Math.toIntExact(file.length())];
      in.seek(file.offset());
      in.readFully(bytes);
      return bytes;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private BundleId send(byte[] payload, TransmitOptions options) {
    var result = a.transmit(ipn(1, 1), ipn(2, 1), payload, options);
    time.runUntil(time.nowMillis());
    return ((TransmitResult.Accepted) result.join()).id();
  }

  @Test
  void splitsABundleAsTheRouterAsksAndRoutesEachFragmentAgainUntilAllFit() throws IOException {
    network(new InMemoryBundleStore(), false);
    router.decide = router.fragmentingTo(600);
    byte[] payload = adu(2000);

    BundleId id = send(payload, TransmitOptions.DEFAULT.withHopLimit(8));
    time.runFor(SHORTLY);

    // The original, then each remainder, was split; every piece was routed on its own.
    List<Bundle> forwarded =
        router.asked.stream().filter(x -> BundleCodec.encodedSizeBytes(x) <= 600).toList();
    List<Bundle> split =
        router.asked.stream().filter(x -> BundleCodec.encodedSizeBytes(x) > 600).toList();
    assertThat(split.get(0).id()).isEqualTo(id);
    assertThat(split).hasSize(forwarded.size() - 1);
    assertThat(forwarded).hasSizeGreaterThan(3);
    assertThat(forwarded)
        .allSatisfy(
            f -> {
              assertThat(f.primary().isFragment()).isTrue();
              assertThat(f.primary().totalAduLength()).isEqualTo(2000);
            });
    // each first fragment is as large as the size allows; the last one is what is left
    assertThat(forwarded.subList(0, forwarded.size() - 1))
        .allSatisfy(f -> assertThat(BundleCodec.encodedSizeBytes(f)).isBetween(590L, 600L));
    assertThat(forwarded.get(0).hopCount()).isPresent();
    assertThat(ab.ab().sent)
        .extracting(Bundle::id)
        .isEqualTo(forwarded.stream().map(Bundle::id).toList());

    assertThat(bundlesDeliveredAtB)
        .singleElement()
        .satisfies(x -> assertThat(x.id()).isEqualTo(id));
    assertThat(deliveredAtB).singleElement().isEqualTo(payload);
    assertThat(storeOfB.list()).isEmpty();
  }

  @Test
  void theOriginalLeavesTheStoreOnlyOnceBothFragmentsAreStored() throws IOException {
    HoldingBundleStore storeOfA = new HoldingBundleStore(b -> b.primary().isFragment());
    network(storeOfA, false);
    router.decide =
        b -> b.primary().isFragment() ? router.forward() : new RoutingDecision.Fragment(500);
    byte[] payload = adu(1000);

    BundleId id = send(payload, TransmitOptions.DEFAULT);
    time.runUntil(time.nowMillis());

    assertThat(storeOfA.held).as("both fragments are being stored").hasSize(2);
    assertThat(storeOfA.list()).extracting(StoredBundle::id).containsExactly(id);

    storeOfA.held.get(0).run();
    time.runUntil(time.nowMillis());

    assertThat(storeOfA.list()).extracting(StoredBundle::id).contains(id).hasSize(2);
    assertThat(ab.ab().sent).isEmpty();

    storeOfA.held.get(1).run();
    time.runUntil(time.nowMillis());

    List<BundleId> stored = storeOfA.list().stream().map(StoredBundle::id).toList();
    assertThat(stored).doesNotContain(id).hasSize(2);
    assertThat(stored).allSatisfy(s -> assertThat(s.fragment()).isTrue());
    assertThat(ab.ab().sent)
        .extracting(x -> x.primary().fragmentOffset())
        .as("the first fragment goes first")
        .containsExactly(0L, ab.ab().sent.get(0).payloadBlock().dataSizeBytes());

    time.runFor(SHORTLY);
    assertThat(deliveredAtB).singleElement().isEqualTo(payload);
    assertThat(storeOfA.list()).isEmpty();
  }

  @Test
  void refusesToSplitABundleThatMustNotBeFragmentedAndKeepsItWaiting() throws IOException {
    network(new InMemoryBundleStore(), false);
    router.decide = b -> new RoutingDecision.Fragment(300);
    long start = time.nowMillis();

    BundleId id =
        send(
            adu(1000),
            TransmitOptions.DEFAULT
                .withFlag(BundleProcessingFlags.MUST_NOT_FRAGMENT)
                .withLifetime(Duration.ofMinutes(2)));
    time.runFor(Duration.ofSeconds(31));

    assertThat(ab.ab().sent).isEmpty();
    assertThat(router.asked)
        .as("asked again after the retry interval: forwarding was contraindicated")
        .hasSize(2)
        .allSatisfy(x -> assertThat(x.id()).isEqualTo(id));
    assertThat(router.askedAtMillis).containsExactly(start, start + 30_000);

    router.decide = b -> router.forward();
    time.runFor(Duration.ofSeconds(30));

    assertThat(deliveredAtB).singleElement().satisfies(x -> assertThat(x).hasSize(1000));
    assertThat(bundlesDeliveredAtB.get(0).primary().isFragment()).isFalse();
  }

  @Test
  void refusesToSplitABundleThatFitsTheAskedSizeAlready() throws IOException {
    network(new InMemoryBundleStore(), false);
    router.decide = b -> new RoutingDecision.Fragment(10_000);

    BundleId id = send(adu(1000), TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);

    assertThat(ab.ab().sent).isEmpty();
    assertThat(router.asked).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(id));
  }

  @Test
  void routesAWaitingBundleAgainAtOnceWhenTheRouterAsks() throws IOException {
    network(new InMemoryBundleStore(), false);
    router.decide = b -> new RoutingDecision.WaitUntil(time.nowMillis() + 3_600_000);
    BundleId id = send(adu(100), TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(5));
    assertThat(router.asked).hasSize(1);

    router.decide = b -> router.forward();
    long askedAt = time.nowMillis();
    router.rerouting.routeAgain(id);
    router.rerouting.routeAgain(new BundleId(ipn(1, 9), id.creationTimestamp(), false, 0, 0));
    time.runUntil(askedAt);

    assertThat(router.askedAtMillis).containsExactly(askedAt - 5_000, askedAt);
    assertThat(ab.ab().sent).extracting(Bundle::id).containsExactly(id);

    router.rerouting.routeAgain(id); // being sent, then delivered: nothing to do
    time.runFor(SHORTLY);
    assertThat(router.asked).hasSize(2);
    assertThat(deliveredAtB).hasSize(1);
  }

  @Test
  void fragmentsOfAFileBackedBundleOwnTheirPayloadFiles() throws IOException {
    network(new InMemoryBundleStore(), true);
    router.decide = router.fragmentingTo(120_000);
    byte[] payload = adu(300_000);
    Path file = Files.write(temp.resolve("adu.bin"), payload);

    var result = a.transmit(ipn(1, 1), ipn(2, 1), file, TransmitOptions.DEFAULT);
    time.runFor(SHORTLY);

    assertThat(result.join()).isInstanceOf(TransmitResult.Accepted.class);
    assertThat(ab.ab().sent).hasSize(3);
    assertThat(ab.ab().sent).allSatisfy(f -> assertThat(f.payloadBlock().isFileBacked()).isTrue());
    assertThat(deliveredAtB).singleElement().isEqualTo(payload);
    try (Stream<Path> left = Files.list(temp.resolve("a"))) {
      assertThat(left.filter(p -> !p.getFileName().toString().startsWith("wire-")))
          .as("A's payload files, once every fragment left")
          .isEmpty();
    }
  }
}
