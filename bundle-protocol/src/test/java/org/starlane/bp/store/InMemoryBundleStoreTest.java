package org.starlane.bp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.RetentionConstraint;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

class InMemoryBundleStoreTest {

  private static StoredBundle stored(long seq, int payloadBytes) {
    Bundle b =
        Bundle.of(
            PrimaryBlock.of(
                EndpointId.ipn(2, 1),
                EndpointId.ipn(1, 0),
                new CreationTimestamp(1_000, seq),
                60_000),
            CanonicalBlock.payload(ByteBuffer.wrap(new byte[payloadBytes])));
    return new StoredBundle(
        b, new BundleMetadata(5, EndpointId.NONE, Set.of(RetentionConstraint.DISPATCH_PENDING)));
  }

  private static long size(StoredBundle b) {
    return BundleCodec.DEFAULT.encode(b.bundle()).length;
  }

  @Test
  void storesLoadsListsAndRemovesBundles() {
    InMemoryBundleStore store = new InMemoryBundleStore();
    StoredBundle a = stored(1, 10);
    StoredBundle b = stored(2, 20);

    assertThat(store.store(a).toCompletableFuture().join()).isEqualTo(StoreResult.STORED);
    assertThat(store.store(b).toCompletableFuture().join()).isEqualTo(StoreResult.STORED);

    assertThat(store.load(a.id())).contains(a);
    assertThat(store.list()).containsExactly(a, b);
    assertThat(store.usedBytes()).isEqualTo(size(a) + size(b));

    assertThat(store.remove(a.id()).toCompletableFuture().join()).isTrue();
    assertThat(store.remove(a.id()).toCompletableFuture().join()).isFalse();
    assertThat(store.load(a.id())).isEmpty();
    assertThat(store.usedBytes()).isEqualTo(size(b));
  }

  @Test
  void refusesBundleBeyondQuotaWithDepletedStorage() {
    StoredBundle a = stored(1, 100);
    StoredBundle b = stored(2, 100);
    InMemoryBundleStore store = new InMemoryBundleStore(size(a) + size(b) - 1);

    assertThat(store.store(a).toCompletableFuture().join()).isEqualTo(StoreResult.STORED);
    StoreResult refused = store.store(b).toCompletableFuture().join();

    assertThat(refused)
        .isEqualTo(new StoreResult.DepletedStorage(size(b), size(a), size(a) + size(b) - 1));
    assertThat(store.list()).containsExactly(a);
    assertThat(store.usedBytes()).isEqualTo(size(a));
  }

  @Test
  void freesQuotaWhenABundleIsRemoved() {
    StoredBundle a = stored(1, 100);
    StoredBundle b = stored(2, 100);
    InMemoryBundleStore store = new InMemoryBundleStore(size(a));
    store.store(a);

    assertThat(store.store(b).toCompletableFuture().join())
        .isInstanceOf(StoreResult.DepletedStorage.class);
    store.remove(a.id());
    assertThat(store.store(b).toCompletableFuture().join()).isEqualTo(StoreResult.STORED);
  }

  @Test
  void replacingABundleCountsOnlyItsNewSize() {
    StoredBundle a = stored(1, 100);
    InMemoryBundleStore store = new InMemoryBundleStore(size(a));
    store.store(a);

    StoredBundle again =
        new StoredBundle(
            a.bundle(),
            new BundleMetadata(9, EndpointId.NONE, Set.of(RetentionConstraint.FORWARD_PENDING)));
    assertThat(store.store(again).toCompletableFuture().join()).isEqualTo(StoreResult.STORED);
    assertThat(store.load(a.id())).contains(again);
    assertThat(store.usedBytes()).isEqualTo(size(a));
  }

  @Test
  void rejectsNegativeQuota() {
    assertThatThrownBy(() -> new InMemoryBundleStore(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
