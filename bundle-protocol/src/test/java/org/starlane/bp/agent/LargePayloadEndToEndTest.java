package org.starlane.bp.agent;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;
import static org.starlane.bp.testing.LargePayloads.filesIn;
import static org.starlane.bp.testing.LargePayloads.marker;
import static org.starlane.bp.testing.LargePayloads.sha256;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.SecurityOutcome;
import org.starlane.bp.spi.SecurityProcessor;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.store.MvStoreBundleStore;
import org.starlane.bp.testing.InMemoryConvergenceLayer;
import org.starlane.bp.testing.PeakHeap;

/**
 * Large payloads end to end (docs/agent.md, "Large payloads"): an application on node 1 sends a
 * file through nodes 1 - 2 - 3, each with a persistent {@link MvStoreBundleStore}; the link from 2
 * to 3 takes bundles of a limited size, so node 2 fragments the bundle into regions of its payload
 * file (RFC 9171 §5.8), node 3 reassembles the ADU into a file (§5.9) and delivers it as a file.
 * Bundles cross the links as wire files (streaming encoder and decoder). The payload is a sparse
 * file with markers at the start, around 2^31 and 2^32 (for the large variant) and at the end; the
 * delivered file must have the same size, markers and SHA-256.
 *
 * <p>The tests run with {@code -Xmx2g}: the 4.5 GiB variant (Maven profile {@code large-payloads})
 * cannot pass if any step holds the payload in the heap; the default 300 MB variant also checks
 * that the heap's peak use stayed well below the payload size.
 */
class LargePayloadEndToEndTest {
  private static final Logger LOG = LoggerFactory.getLogger(LargePayloadEndToEndTest.class);

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();

  @TempDir Path temp;

  /** Makes the MvStore's stages complete before store/remove return, for virtual time. */
  record SynchronousStore(MvStoreBundleStore store) implements BundleStore {
    @Override
    public CompletionStage<StoreResult> store(StoredBundle bundle) {
      return CompletableFuture.completedFuture(store.store(bundle).toCompletableFuture().join());
    }

    @Override
    public CompletionStage<Boolean> remove(BundleId id) {
      return CompletableFuture.completedFuture(store.remove(id).toCompletableFuture().join());
    }

    @Override
    public Optional<StoredBundle> load(BundleId id) {
      return store.load(id);
    }

    @Override
    public void forEach(Consumer<? super StoredBundle> action) {
      store.forEach(action);
    }

    @Override
    public long quotaBytes() {
      return store.quotaBytes();
    }

    @Override
    public long usedBytes() {
      return store.usedBytes();
    }
  }

  final class Node implements AutoCloseable {
    final BundleProtocolAgent agent;
    final InMemoryConvergenceLayer cl;
    final MvStoreBundleStore store;
    final Path payloads;

    Node(long number, StaticRoutingTable routes) throws IOException {
      Path dir = temp.resolve("node" + number);
      this.payloads = Files.createDirectories(dir.resolve("agent"));
      this.store = MvStoreBundleStore.open(dir.resolve("store"), Long.MAX_VALUE);
      this.cl = new InMemoryConvergenceLayer(ipn(number, 0), time);
      cl.wireDirectory = payloads;
      cl.payloadDirectory = payloads;
      this.agent =
          BundleProtocolAgent.builder(number, time)
              .router(routes)
              .store(new SynchronousStore(store))
              .payloadDirectory(payloads)
              .build();
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Test
  void sendsA300MegabytePayloadFileThroughThreeNodesWithFragmentationAndReassemblyInFiles()
      throws Exception {
    long size = 300_000_000L;
    Result r = run(size, 70_000_000L, List.of(0L, 123_456_789L, size - 16));
    assertThat(r.fragments).isEqualTo(5);
    long peakHeap = PeakHeap.bytes();
    LOG.info("300 MB end to end: {} ms, peak heap {} bytes", r.millis, peakHeap);
    assertThat(peakHeap)
        .as("peak heap use while a %d-byte payload went through three nodes", size)
        .isLessThan(size);
  }

  @Test
  @EnabledIfSystemProperty(named = "starlane.largePayloads", matches = "true")
  void sendsA4point5GibibytePayloadFileThroughThreeNodesWithFragmentationAndReassemblyInFiles()
      throws Exception {
    long size = 4L * 1024 * 1024 * 1024 + 512L * 1024 * 1024; // 4.5 GiB
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(size / 2);
    Result r =
        run(
            size,
            1L << 30,
            // 16-byte markers at the start, across 2^31 and 2^32, and at the end
            List.of(0L, (1L << 31) - 8, (1L << 32) - 8, size - 16));
    assertThat(r.fragments).isEqualTo(5);
    LOG.info("4.5 GiB end to end: {} ms, peak heap {} bytes", r.millis, PeakHeap.bytes());
  }

  @Test
  void aFileBackedBundleRecoveredFromTheStoreAfterARestartIsForwardedFragmentedAndDelivered()
      throws Exception {
    long size = 50_000_000L;
    Path source = sparseFileMarkedAtBothEnds(temp.resolve("source.bin"), size);
    byte[] expectedHash = sha256(source);
    BundleId id;
    // node 1 accepts the file while its link is down, then "crashes" (its store is closed)
    try (Node before = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)))) {
      var sent =
          before.agent.transmit(
              ipn(1, 1), ipn(3, 1), source, TransmitOptions.DEFAULT.withHopLimit(8));
      time.runUntil(time.nowMillis());
      id = ((TransmitResult.Accepted) sent.join()).id();
      assertThat(filesIn(before.payloads)).as("the staged file the crash leaves").hasSize(1);
    }
    try (Node a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)));
        Node b = new Node(2, StaticRoutingTable.of("ipn:1.*", ipn(1, 0), "ipn:3.*", ipn(3, 0)));
        Node c = new Node(3, StaticRoutingTable.of("*", ipn(2, 0)))) {
      assertThat(filesIn(a.payloads)).as("removed by the new agent").isEmpty();
      StoredBundle recovered = a.store.load(id).orElseThrow();
      assertThat(recovered.bundle().payloadBlock().isFileBacked()).isTrue();
      assertThat(recovered.bundle().payloadBlock().dataFile().path())
          .startsWith(a.store.directory().toAbsolutePath().normalize());
      var count = a.agent.recover();
      time.runUntil(time.nowMillis());
      assertThat(count.join()).isEqualTo(1);

      InMemoryConvergenceLayer.Connection ab =
          InMemoryConvergenceLayer.connect(a.cl, b.cl, Duration.ofMillis(100));
      InMemoryConvergenceLayer.Connection bc =
          InMemoryConvergenceLayer.connect(b.cl, c.cl, Duration.ofMillis(100));
      for (Node n : List.of(a, b, c)) {
        n.agent.attach(n.cl);
      }
      bc.ab().maxBundleSizeBytes = OptionalLong.of(20_000_000L);
      Path received = temp.resolve("received.bin");
      c.agent.register(
          ipn(3, 1),
          bundle -> {
            try {
              Files.createLink(received, bundle.payloadBlock().dataFile().path());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          },
          true,
          DeliveryFailureAction.DEFER);
      ab.up();
      bc.up();
      time.runFor(Duration.ofSeconds(10));

      assertThat(bc.ab().sent).hasSize(3);
      assertThat(sha256(received)).isEqualTo(expectedHash);
      for (Node n : List.of(a, b, c)) {
        assertThat(n.store.list()).as("store of %s", n.agent.nodeId()).isEmpty();
        assertThat(filesIn(n.store.directory().resolve("payload"))).isEmpty();
        assertThat(filesIn(n.payloads)).as("payload directory of %s", n.agent.nodeId()).isEmpty();
      }
    }
  }

  @Test
  void theEchoServiceSendsAFileBackedPayloadBackAsAFileWithTheSameBytes() throws Exception {
    long size = 5_000_000L;
    Path source = sparseFileMarkedAtBothEnds(temp.resolve("ping.bin"), size);
    byte[] expectedHash = sha256(source);
    try (Node a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)));
        Node b = new Node(2, StaticRoutingTable.of("*", ipn(1, 0)))) {
      InMemoryConvergenceLayer.Connection ab =
          InMemoryConvergenceLayer.connect(a.cl, b.cl, Duration.ofMillis(100));
      a.agent.attach(a.cl);
      b.agent.attach(b.cl);
      ab.up();
      Path echoed = temp.resolve("echoed.bin");
      List<Bundle> replies = new ArrayList<>();
      a.agent.register(
          ipn(1, 1), keepingTheFile(replies, echoed), true, DeliveryFailureAction.DEFER);

      a.agent.transmit(ipn(1, 1), ipn(2, 7), source, TransmitOptions.DEFAULT);
      time.runFor(Duration.ofSeconds(10));

      assertThat(replies).singleElement().satisfies(r -> assertFileBacked(r, size));
      assertThat(replies.get(0).primary().source()).isEqualTo(ipn(2, 7));
      assertThat(sha256(echoed)).isEqualTo(expectedHash);
      for (Node n : List.of(a, b)) {
        assertThat(n.store.list()).as("store of %s", n.agent.nodeId()).isEmpty();
        assertThat(filesIn(n.payloads)).as("payload directory of %s", n.agent.nodeId()).isEmpty();
      }
    }
  }

  /**
   * A security processor that, at reception and at local delivery, replaces a file-backed payload
   * with a copy in a new file of {@code directory}, as decrypting a BCB target does.
   */
  private static SecurityProcessor copyingPayloadFiles(Path directory) {
    return new SecurityProcessor() {
      @Override
      public SecurityOutcome atReception(Bundle bundle) {
        return new SecurityOutcome.Continue(withCopiedPayload(bundle));
      }

      @Override
      public SecurityOutcome beforeForwarding(Bundle bundle) {
        return new SecurityOutcome.Continue(bundle);
      }

      @Override
      public SecurityOutcome atLocalDelivery(Bundle bundle) {
        return new SecurityOutcome.Continue(withCopiedPayload(bundle));
      }

      private Bundle withCopiedPayload(Bundle bundle) {
        try {
          Path copy = Files.createTempFile(directory, "processed-", ".bin");
          Files.copy(bundle.payloadBlock().dataFile().path(), copy, REPLACE_EXISTING);
          return bundle.withBlock(bundle.payloadBlock().withData(PayloadFile.of(copy)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  @Test
  void payloadFilesThatASecurityProcessorReplacedAtReceptionAndDeliveryAreDeleted()
      throws Exception {
    long size = 1_000_000L;
    Path source = sparseFileMarkedAtBothEnds(temp.resolve("secured.bin"), size);
    byte[] expectedHash = sha256(source);
    try (Node a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)));
        MvStoreBundleStore store =
            MvStoreBundleStore.open(temp.resolve("b-store"), Long.MAX_VALUE)) {
      Path payloads = Files.createDirectories(temp.resolve("b-payloads"));
      InMemoryConvergenceLayer cl = new InMemoryConvergenceLayer(ipn(2, 0), time);
      cl.wireDirectory = payloads;
      cl.payloadDirectory = payloads;
      BundleProtocolAgent b =
          BundleProtocolAgent.builder(2, time)
              .router(StaticRoutingTable.of("*", ipn(1, 0)))
              .store(new SynchronousStore(store))
              .payloadDirectory(payloads)
              .security(copyingPayloadFiles(payloads))
              .build();
      InMemoryConvergenceLayer.connect(a.cl, cl, Duration.ofMillis(100)).up();
      a.agent.attach(a.cl);
      b.attach(cl);
      Path received = temp.resolve("received-secured.bin");
      List<Bundle> delivered = new ArrayList<>();
      b.register(ipn(2, 1), keepingTheFile(delivered, received), true, DeliveryFailureAction.DEFER);

      a.agent.transmit(ipn(1, 1), ipn(2, 1), source, TransmitOptions.DEFAULT);
      time.runFor(Duration.ofSeconds(10));

      assertThat(delivered).singleElement().satisfies(d -> assertFileBacked(d, size));
      assertThat(sha256(received)).isEqualTo(expectedHash);
      assertThat(filesIn(payloads))
          .as("the received file and the one made at reception, each replaced; the delivered one")
          .isEmpty();
    }
  }

  @Test
  void aNewAgentRemovesTheFilesLeftInItsPayloadDirectoryAndNothingElse() throws IOException {
    Path payloads = Files.createDirectories(temp.resolve("payloads"));
    Path leftover = Files.write(payloads.resolve("in-1.bin"), new byte[] {1, 2, 3});
    Path subdirectory = Files.createDirectories(payloads.resolve("kept"));
    Path nested = Files.write(subdirectory.resolve("nested.bin"), new byte[] {4});
    Path outside = Files.write(temp.resolve("application.bin"), new byte[] {5});
    Path link = Files.createSymbolicLink(payloads.resolve("link.bin"), outside);

    BundleProtocolAgent.builder(1, time).payloadDirectory(payloads).build();

    assertThat(leftover).doesNotExist();
    assertThat(Files.isSymbolicLink(link)).as("not a file the agent makes: kept").isTrue();
    assertThat(nested).exists();
    assertThat(outside).hasBinaryContent(new byte[] {5});
  }

  record Result(int fragments, long millis) {}

  private Result run(long size, long maxBundleSizeBytes, List<Long> markerOffsets)
      throws Exception {
    PeakHeap.reset();
    long started = System.nanoTime();
    Path source = temp.resolve("source.bin");
    try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
      f.setLength(size);
      for (long at : markerOffsets) {
        f.seek(at);
        f.write(marker(at));
      }
    }
    byte[] expectedHash = sha256(source);

    try (Node a = new Node(1, StaticRoutingTable.of("*", ipn(2, 0)));
        Node b = new Node(2, StaticRoutingTable.of("ipn:1.*", ipn(1, 0), "ipn:3.*", ipn(3, 0)));
        Node c = new Node(3, StaticRoutingTable.of("*", ipn(2, 0)))) {
      InMemoryConvergenceLayer.Connection ab =
          InMemoryConvergenceLayer.connect(a.cl, b.cl, Duration.ofMillis(100));
      InMemoryConvergenceLayer.Connection bc =
          InMemoryConvergenceLayer.connect(b.cl, c.cl, Duration.ofMillis(100));
      for (Node n : List.of(a, b, c)) {
        n.agent.attach(n.cl);
      }
      ab.up();
      bc.up();
      bc.ab().maxBundleSizeBytes = OptionalLong.of(maxBundleSizeBytes);
      time.runUntilIdle();

      // the application on node 3 takes the delivered file: a hard link during deliver()
      Path received = temp.resolve("received.bin");
      List<Bundle> delivered = new ArrayList<>();
      c.agent.register(
          ipn(3, 1), keepingTheFile(delivered, received), true, DeliveryFailureAction.DEFER);

      var sent =
          a.agent.transmit(ipn(1, 1), ipn(3, 1), source, TransmitOptions.DEFAULT.withHopLimit(8));
      Files.delete(source); // the application may delete its file once transmit returned
      time.runFor(Duration.ofSeconds(10));
      BundleId id = ((TransmitResult.Accepted) sent.join()).id();

      assertThat(ab.ab().sent).singleElement().satisfies(x -> assertFileBacked(x, size));
      List<Bundle> fragments = bc.ab().sent;
      for (Bundle f : fragments) {
        assertThat(f.primary().isFragment()).isTrue();
        assertThat(f.primary().totalAduLength()).isEqualTo(size);
        assertThat(f.payloadBlock().isFileBacked()).isTrue();
        assertThat(BundleCodec.encodedSizeBytes(f)).isLessThanOrEqualTo(maxBundleSizeBytes);
      }

      assertThat(delivered).singleElement().satisfies(x -> assertFileBacked(x, size));
      assertThat(delivered.get(0).id()).isEqualTo(id);
      assertThat(delivered.get(0).primary().isFragment()).isFalse();
      assertThat(Files.size(received)).isEqualTo(size);
      try (FileChannel ch = FileChannel.open(received, StandardOpenOption.READ)) {
        for (long at : markerOffsets) {
          ByteBuffer got = ByteBuffer.allocate(16);
          ch.read(got, at);
          assertThat(got.array()).as("marker at %d", at).isEqualTo(marker(at));
        }
      }
      assertThat(sha256(received)).isEqualTo(expectedHash);

      for (Node n : List.of(a, b, c)) {
        assertThat(n.store.list()).as("store of %s", n.agent.nodeId()).isEmpty();
        assertThat(filesIn(n.payloads)).as("payload files of %s", n.agent.nodeId()).isEmpty();
        assertThat(filesIn(n.store.directory().resolve("payload"))).isEmpty();
      }
      return new Result(fragments.size(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * An application that records each delivered bundle and keeps its payload file as {@code keepAs}:
   * a hard link made during {@code deliver}, as docs/agent.md tells applications to do.
   */
  private static BundleListener keepingTheFile(List<Bundle> delivered, Path keepAs) {
    return bundle -> {
      delivered.add(bundle);
      try {
        Files.createLink(keepAs, bundle.payloadBlock().dataFile().path());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  /** A sparse file of {@code size} bytes with a {@code marker} at each end. */
  private static Path sparseFileMarkedAtBothEnds(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
      f.write(marker(0));
      f.seek(size - 16);
      f.write(marker(size - 16));
    }
    return file;
  }

  private static void assertFileBacked(Bundle b, long size) {
    assertThat(b.payloadBlock().isFileBacked()).isTrue();
    assertThat(b.payloadBlock().dataSizeBytes()).isEqualTo(size);
  }
}
