package org.starlane.bp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.RetentionConstraint;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * {@link MvStoreBundleStore} with file-backed payloads (docs/storage.md, "Large payloads"): the
 * payload data goes to its own forced file (a hard link when it can), the bundle comes back
 * file-backed after a reopen, and damage is detected.
 */
class MvStoreFileBackedPayloadTest {
  @TempDir Path temp;

  private final List<MvStoreBundleStore> open = new ArrayList<>();

  private MvStoreBundleStore open(Path dir) {
    MvStoreBundleStore s = MvStoreBundleStore.open(dir, Long.MAX_VALUE);
    open.add(s);
    return s;
  }

  @AfterEach
  void close() {
    open.forEach(MvStoreBundleStore::close);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static byte[] payload(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 13 + 1);
    }
    return bytes;
  }

  private static StoredBundle stored(Bundle b) {
    return new StoredBundle(
        b, new BundleMetadata(42, ipn(9, 0), Set.of(RetentionConstraint.DISPATCH_PENDING)));
  }

  private static PrimaryBlock primary(long seq) {
    return PrimaryBlock.of(ipn(2, 1), ipn(1, 1), new CreationTimestamp(5_000, seq), 3_600_000);
  }

  private Bundle inFile(long seq, byte[] data) throws IOException {
    Path f = temp.resolve("source-" + seq + ".bin");
    Files.write(f, data);
    return Bundle.of(primary(seq), CanonicalBlock.payload(PayloadFile.of(f)));
  }

  private static List<Path> payloadFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(MvStoreBundleStore.PAYLOAD_DIRECTORY))) {
      return s.toList();
    }
  }

  @Test
  void storesAFileBackedBundleByHardLinkAndLoadsItFileBackedAfterReopen() throws IOException {
    Path dir = temp.resolve("s");
    byte[] data = payload(100_000);
    Bundle b = inFile(1, data);
    long used;
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      assertThat(join(store.store(stored(b)))).isEqualTo(StoreResult.STORED);
      List<Path> files = payloadFiles(dir);
      assertThat(files).singleElement();
      assertThat(Files.isSameFile(files.get(0), b.payloadBlock().dataFile().path()))
          .as("hard link")
          .isTrue();
      used = store.usedBytes();
      assertThat(used).isEqualTo(BundleCodec.encodedSizeBytes(b));
    }
    Files.delete(b.payloadBlock().dataFile().path()); // the store has its own name for the bytes

    MvStoreBundleStore again = open(dir);
    StoredBundle loaded = again.load(b.id()).orElseThrow();
    CanonicalBlock payload = loaded.bundle().payloadBlock();
    assertThat(payload.isFileBacked()).isTrue();
    assertThat(Files.readAllBytes(payload.dataFile().path())).isEqualTo(data);
    assertThat(loaded.bundle().id()).isEqualTo(b.id());
    assertThat(loaded.metadata()).isEqualTo(stored(b).metadata());
    assertThat(again.list()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(b.id()));
    assertThat(again.usedBytes()).isEqualTo(used);
    assertThat(again.droppedBundles()).isZero();

    join(again.remove(b.id()));
    assertThat(payloadFiles(dir)).isEmpty();
  }

  @Test
  void copiesAFragmentsRegionOfAFileRatherThanLinkingIt() throws IOException {
    Path dir = temp.resolve("s");
    Path source = temp.resolve("sparse.bin");
    long size = 64L << 20;
    try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
      f.setLength(size);
      f.seek(size - 4);
      f.write(new byte[] {9, 8, 7, 6});
    }
    Bundle whole = Bundle.of(primary(1), CanonicalBlock.payload(PayloadFile.of(source)));
    List<Bundle> fragments =
        ((Fragmentation.Fragments) Fragmentation.of(whole, 40L << 20)).bundles();
    Bundle last = fragments.get(fragments.size() - 1);
    MvStoreBundleStore store = open(dir);
    join(store.store(stored(last)));

    Path bin = payloadFiles(dir).get(0);
    assertThat(Files.isSameFile(bin, source)).isFalse();
    assertThat(Files.size(bin)).isEqualTo(last.payloadBlock().dataSizeBytes());
    PayloadFile loaded = store.load(last.id()).orElseThrow().bundle().payloadBlock().dataFile();
    assertThat(loaded.contentEquals(last.payloadBlock().dataFile())).isTrue();
  }

  @Test
  void dropsAFileBackedBundleWhosePayloadDataChangedOnDisk() throws IOException {
    Path dir = temp.resolve("s");
    Bundle b = inFile(1, payload(100_000));
    Bundle small = Bundle.of(primary(2), CanonicalBlock.payload(ByteBuffer.wrap(payload(100))));
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      join(store.store(stored(b)));
      join(store.store(stored(small)));
    }
    Path bin = payloadFiles(dir).get(0);
    try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "rw")) {
      f.seek(50_000);
      int x = f.read();
      f.seek(50_000);
      f.write(x ^ 0x04);
    }

    MvStoreBundleStore again = open(dir);
    assertThat(again.load(b.id())).isEmpty();
    assertThat(again.list()).extracting(StoredBundle::id).containsExactly(small.id());
    assertThat(again.droppedBundles()).isEqualTo(1);
    assertThat(again.usedBytes()).isEqualTo(BundleCodec.DEFAULT.encode(small).length);
    assertThat(payloadFiles(dir)).isEmpty();
  }

  @Test
  void dropsAFileBackedBundleWhosePayloadFileWasTruncated() throws IOException {
    Path dir = temp.resolve("s");
    Bundle b = inFile(1, payload(100_000));
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      join(store.store(stored(b)));
    }
    try (RandomAccessFile f = new RandomAccessFile(payloadFiles(dir).get(0).toFile(), "rw")) {
      f.setLength(99_999);
    }
    MvStoreBundleStore again = open(dir);
    assertThat(again.list()).isEmpty();
    assertThat(again.droppedBundles()).isEqualTo(1);
  }

  @Test
  void refusesAFileBackedBundleWhoseFileIsMissingAndKeepsWorking() throws IOException {
    MvStoreBundleStore store = open(temp.resolve("s"));
    Bundle gone =
        Bundle.of(
            primary(1), CanonicalBlock.payload(new PayloadFile(temp.resolve("gone.bin"), 0, 10)));
    assertThatThrownBy(() -> join(store.store(stored(gone))))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(BundleStoreException.class);
    Bundle fine = inFile(2, payload(1000));
    assertThat(join(store.store(stored(fine)))).isEqualTo(StoreResult.STORED);
  }

  @Test
  void countsAFileBackedBundleAgainstTheQuota() throws IOException {
    MvStoreBundleStore store = MvStoreBundleStore.open(temp.resolve("s"), 50_000);
    open.add(store);
    StoreResult r = join(store.store(stored(inFile(1, payload(100_000)))));
    assertThat(r).isInstanceOf(StoreResult.DepletedStorage.class);
    assertThat(store.usedBytes()).isZero();
  }
}
