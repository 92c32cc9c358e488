package org.starlane.bp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.RetentionConstraint;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * What every {@link BundleStore} does (RFC 9171 §5: the bundles a node keeps), run against each
 * implementation by a subclass.
 */
abstract class BundleStoreContractTest {
  private final List<BundleStore> opened = new ArrayList<>();

  /** Opens a fresh, empty store with this quota. */
  protected abstract BundleStore create(long quotaBytes);

  protected BundleStore open(long quotaBytes) {
    BundleStore s = create(quotaBytes);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() throws Exception {
    for (BundleStore s : opened) {
      if (s instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  /** A bundle with deterministic, incompressible payload bytes and no extension blocks. */
  static StoredBundle stored(long seq, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    new Random(seq).nextBytes(payload);
    Bundle b =
        Bundle.of(
            PrimaryBlock.of(
                EndpointId.ipn(2, 1),
                EndpointId.ipn(1, 0),
                new CreationTimestamp(1_000, seq),
                60_000),
            CanonicalBlock.payload(ByteBuffer.wrap(payload)));
    return new StoredBundle(
        b, new BundleMetadata(5, EndpointId.NONE, Set.of(RetentionConstraint.DISPATCH_PENDING)));
  }

  /** A bundle with hop count, bundle age and previous node blocks, received from a neighbour. */
  static StoredBundle withExtensionBlocks(long seq, int payloadBytes) {
    StoredBundle plain = stored(seq, payloadBytes);
    Bundle b =
        plain
            .bundle()
            .withHopCount(new HopCount(30, 3))
            .withBundleAgeMillis(1234)
            .withPreviousNode(EndpointId.ipn(7, 0));
    return new StoredBundle(
        b,
        new BundleMetadata(
            1_700_000_000_000L,
            EndpointId.ipn(7, 0),
            Set.of(RetentionConstraint.FORWARD_PENDING, RetentionConstraint.REASSEMBLY_PENDING)));
  }

  static long size(StoredBundle b) {
    return BundleCodec.DEFAULT.encode(b.bundle()).length;
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void storesLoadsListsAndRemovesBundles() {
    BundleStore store = open(Long.MAX_VALUE);
    StoredBundle a = stored(1, 10);
    StoredBundle b = withExtensionBlocks(2, 20);

    assertThat(join(store.store(a))).isEqualTo(StoreResult.STORED);
    assertThat(join(store.store(b))).isEqualTo(StoreResult.STORED);

    assertThat(store.load(a.id())).contains(a);
    assertThat(store.load(b.id())).contains(b);
    assertThat(store.list()).containsExactlyInAnyOrder(a, b);
    assertThat(store.usedBytes()).isEqualTo(size(a) + size(b));

    assertThat(join(store.remove(a.id()))).isTrue();
    assertThat(join(store.remove(a.id()))).isFalse();
    assertThat(store.load(a.id())).isEmpty();
    assertThat(store.list()).containsExactly(b);
    assertThat(store.usedBytes()).isEqualTo(size(b));
  }

  @Test
  void keepsEncodedBundlesByteIdentical() {
    BundleStore store = open(Long.MAX_VALUE);
    StoredBundle b = withExtensionBlocks(3, 1000);
    join(store.store(b));

    assertThat(BundleCodec.DEFAULT.encode(store.load(b.id()).orElseThrow().bundle()))
        .isEqualTo(BundleCodec.DEFAULT.encode(b.bundle()));
  }

  @Test
  void storesALargeBundle() {
    BundleStore store = open(Long.MAX_VALUE);
    StoredBundle big = withExtensionBlocks(4, 300_000);
    assertThat(join(store.store(big))).isEqualTo(StoreResult.STORED);

    assertThat(store.load(big.id())).contains(big);
    assertThat(join(store.remove(big.id()))).isTrue();
    assertThat(store.load(big.id())).isEmpty();
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void refusesBundleBeyondQuotaWithDepletedStorage() {
    StoredBundle a = stored(1, 100);
    StoredBundle b = stored(2, 100);
    BundleStore store = open(size(a) + size(b) - 1);

    assertThat(join(store.store(a))).isEqualTo(StoreResult.STORED);
    StoreResult refused = join(store.store(b));

    assertThat(refused)
        .isEqualTo(new StoreResult.DepletedStorage(size(b), size(a), size(a) + size(b) - 1));
    assertThat(store.list()).containsExactly(a);
    assertThat(store.usedBytes()).isEqualTo(size(a));
  }

  @Test
  void countsQueuedBundlesAgainstTheQuota() {
    StoredBundle a = stored(1, 100);
    BundleStore store = open(size(a) * 10);
    List<CompletableFuture<StoreResult>> results = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      results.add(store.store(stored(i, 100)).toCompletableFuture());
    }

    assertThat(results.stream().map(CompletableFuture::join))
        .filteredOn(r -> r instanceof StoreResult.DepletedStorage)
        .hasSize(1);
    assertThat(store.list()).hasSize(10);
  }

  @Test
  void freesQuotaWhenABundleIsRemoved() {
    StoredBundle a = stored(1, 100);
    StoredBundle b = stored(2, 100);
    BundleStore store = open(size(a));
    join(store.store(a));

    assertThat(join(store.store(b))).isInstanceOf(StoreResult.DepletedStorage.class);
    join(store.remove(a.id()));
    assertThat(join(store.store(b))).isEqualTo(StoreResult.STORED);
  }

  @Test
  void replacingABundleCountsOnlyItsNewSize() {
    StoredBundle a = stored(1, 100);
    BundleStore store = open(size(a));
    join(store.store(a));

    StoredBundle again =
        new StoredBundle(
            a.bundle(),
            new BundleMetadata(9, EndpointId.NONE, Set.of(RetentionConstraint.FORWARD_PENDING)));
    assertThat(join(store.store(again))).isEqualTo(StoreResult.STORED);
    assertThat(store.load(a.id())).contains(again);
    assertThat(store.list()).containsExactly(again);
    assertThat(store.usedBytes()).isEqualTo(size(a));
  }

  @Test
  void replacesASmallBundleByALargeOneAndBack() {
    BundleStore store = open(Long.MAX_VALUE);
    StoredBundle small = stored(1, 100);
    StoredBundle big = stored(1, 200_000);
    assertThat(big.id()).isEqualTo(small.id());

    join(store.store(small));
    join(store.store(big));
    assertThat(store.load(small.id())).contains(big);
    assertThat(store.usedBytes()).isEqualTo(size(big));
    join(store.store(small));
    assertThat(store.load(small.id())).contains(small);
    assertThat(store.usedBytes()).isEqualTo(size(small));
  }

  @Test
  void forEachLetsTheActionRemoveBundles() {
    BundleStore store = open(Long.MAX_VALUE);
    for (int i = 0; i < 20; i++) {
      join(store.store(stored(i, 50)));
    }
    List<CompletableFuture<Boolean>> removals = new ArrayList<>();
    List<StoredBundle> seen = new ArrayList<>();
    store.forEach(
        s -> {
          seen.add(s);
          removals.add(store.remove(s.id()).toCompletableFuture());
        });

    assertThat(seen).hasSize(20);
    assertThat(removals.stream().map(CompletableFuture::join)).containsOnly(true);
    assertThat(store.list()).isEmpty();
    assertThat(store.usedBytes()).isZero();
  }
}
