package org.starlane.bp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

class MvStoreBundleStoreTest extends BundleStoreContractTest {
  @TempDir Path temp;
  private int stores;

  @Override
  protected BundleStore create(long quotaBytes) {
    return MvStoreBundleStore.open(temp.resolve("store" + stores++), quotaBytes);
  }

  private final List<MvStoreBundleStore> reopened = new ArrayList<>();

  /** Opens the store in {@code dir}; closed after the test. */
  private MvStoreBundleStore reopen(Path dir) {
    MvStoreBundleStore s = MvStoreBundleStore.open(dir, Long.MAX_VALUE);
    reopened.add(s);
    return s;
  }

  @AfterEach
  void closeReopened() {
    reopened.forEach(MvStoreBundleStore::close);
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(MvStoreBundleStore.PAYLOAD_DIRECTORY))) {
      return s.filter(p -> p.toString().endsWith(suffix)).toList();
    }
  }

  @Test
  void keepsEverythingAcrossCloseAndReopen() {
    Path dir = temp.resolve("s");
    StoredBundle small = stored(1, 100);
    StoredBundle ext = withExtensionBlocks(2, 2_000);
    StoredBundle large = withExtensionBlocks(3, 100_000);
    long used;
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      for (StoredBundle b : List.of(small, ext, large)) {
        assertThat(join(store.store(b))).isEqualTo(StoreResult.STORED);
      }
      used = store.usedBytes();
    }

    MvStoreBundleStore again = reopen(dir);
    assertThat(again.list()).containsExactlyInAnyOrder(small, ext, large);
    assertThat(again.load(large.id())).contains(large);
    assertThat(again.usedBytes()).isEqualTo(used).isEqualTo(size(small) + size(ext) + size(large));
    assertThat(again.droppedBundles()).isZero();
  }

  @Test
  void putsABundleAboveTheThresholdInItsOwnFileAndUnlinksItOnRemoval() throws IOException {
    Path dir = temp.resolve("s");
    MvStoreBundleStore store = reopen(dir);
    StoredBundle large = stored(1, MvStoreBundleStore.DEFAULT_FILE_THRESHOLD_BYTES + 1);
    join(store.store(stored(2, 1000)));
    join(store.store(large));

    List<Path> bins = files(dir, ".bin");
    assertThat(bins).hasSize(1);
    assertThat(Files.readAllBytes(bins.get(0)))
        .isEqualTo(BundleCodec.DEFAULT.encode(large.bundle()));
    assertThat(files(dir, ".part")).isEmpty();

    join(store.remove(large.id()));
    assertThat(files(dir, ".bin")).isEmpty();
  }

  @Test
  void deletesLeftOverPartAndUnreferencedBinFilesOnOpen() throws IOException {
    Path dir = temp.resolve("s");
    StoredBundle large = stored(1, 100_000);
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      join(store.store(large));
    }
    Path payloads = dir.resolve(MvStoreBundleStore.PAYLOAD_DIRECTORY);
    Path kept = files(dir, ".bin").get(0);
    Files.write(payloads.resolve("77.part"), new byte[] {1, 2, 3});
    Files.write(payloads.resolve("78.bin"), new byte[] {4, 5, 6});

    MvStoreBundleStore again = reopen(dir);

    assertThat(files(dir, "")).containsExactly(kept);
    assertThat(again.load(large.id())).contains(large);
    // a new payload file does not reuse the number of a deleted one's predecessor
    StoredBundle other = stored(2, 100_000);
    join(again.store(other));
    assertThat(again.load(other.id())).contains(other);
  }

  @Test
  void dropsABundleWhosePayloadFileWasDamaged() throws IOException {
    Path dir = temp.resolve("s");
    StoredBundle large = stored(1, 100_000);
    StoredBundle small = stored(2, 100);
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      join(store.store(large));
      join(store.store(small));
    }
    Path bin = files(dir, ".bin").get(0);
    byte[] bytes = Files.readAllBytes(bin);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(bin, bytes);

    MvStoreBundleStore again = reopen(dir);

    assertThat(again.list()).containsExactly(small);
    assertThat(again.load(large.id())).isEmpty();
    assertThat(again.droppedBundles()).isEqualTo(1);
    assertThat(again.usedBytes()).isEqualTo(size(small));
    assertThat(files(dir, ".bin")).isEmpty();
  }

  @Test
  void dropsABundleWhoseBytesWereDamagedInsideTheStoreFile() throws IOException {
    Path dir = temp.resolve("s");
    StoredBundle victim = stored(1, 4_000);
    StoredBundle other = stored(2, 4_000);
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      join(store.store(victim));
      join(store.store(other));
    }
    Path file = dir.resolve(MvStoreBundleStore.STORE_FILE);
    byte[] bytes = Files.readAllBytes(file);
    byte[] pattern = Arrays.copyOfRange(victim.bundle().payloadBlock().dataBytes(), 1000, 1032);
    int flipped = 0;
    for (int i = indexOf(bytes, pattern, 0); i >= 0; i = indexOf(bytes, pattern, i + 1)) {
      bytes[i + 16] ^= 0x20;
      flipped++;
    }
    assertThat(flipped).as("copies of the payload in the store file").isPositive();
    Files.write(file, bytes);

    MvStoreBundleStore again = reopen(dir);

    assertThat(again.list()).containsExactly(other);
    assertThat(again.load(victim.id())).isEmpty();
    assertThat(again.droppedBundles()).isEqualTo(1);
    assertThat(again.usedBytes()).isEqualTo(size(other));
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void refusesOperationsAfterClose() {
    MvStoreBundleStore store = MvStoreBundleStore.open(temp.resolve("s"), Long.MAX_VALUE);
    store.close();
    store.close();

    assertThatThrownBy(() -> join(store.store(stored(1, 10))))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(BundleStoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void completesQueuedStoresBeforeItCloses() {
    Path dir = temp.resolve("s");
    List<CompletableFuture<StoreResult>> results = new ArrayList<>();
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      for (int i = 0; i < 500; i++) {
        results.add(store.store(stored(i, 200)).toCompletableFuture());
      }
    }
    assertThat(results).allSatisfy(r -> assertThat(r).isCompletedWithValue(StoreResult.STORED));
    assertThat(reopen(dir).list()).hasSize(500);
  }

  @Test
  void rejectsNegativeQuotaAndThreshold() {
    assertThatThrownBy(() -> MvStoreBundleStore.open(temp, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> MvStoreBundleStore.open(temp, 1, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-2");
  }
}
