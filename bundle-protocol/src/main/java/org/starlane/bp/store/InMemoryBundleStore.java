package org.starlane.bp.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * A {@link BundleStore} in memory, with a quota in bytes of encoded bundles. Nothing survives a
 * restart, so "durable" means "stored": every stage it returns is already complete. For tests,
 * simulations and nodes that need no persistence. Thread-safe (all methods synchronize on the
 * store).
 *
 * <p>File-backed payloads (docs/storage.md, "Large payloads"): the store keeps the {@link
 * org.starlane.bp.bundle.Bundle} as given, so a bundle whose payload is a file region keeps
 * referring to that file, which is neither copied nor read (its size counts against the quota) and
 * which the store never deletes: the file must stay unchanged for as long as the bundle is stored,
 * and its owner deletes it after removing the bundle.
 */
public final class InMemoryBundleStore implements BundleStore {
  private final long quotaBytes;
  private final Map<BundleId, Entry> bundles = new LinkedHashMap<>();
  private long usedBytes;

  private record Entry(StoredBundle bundle, long sizeBytes) {}

  /** A store without a practical limit ({@link Long#MAX_VALUE} bytes). */
  public InMemoryBundleStore() {
    this(Long.MAX_VALUE);
  }

  /**
   * @param quotaBytes the most bytes of encoded bundles to hold
   * @throws IllegalArgumentException if {@code quotaBytes} is negative
   */
  public InMemoryBundleStore(long quotaBytes) {
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quota " + quotaBytes + " bytes < 0");
    }
    this.quotaBytes = quotaBytes;
  }

  @Override
  public synchronized CompletionStage<StoreResult> store(StoredBundle bundle) {
    long size = BundleCodec.encodedSizeBytes(bundle.bundle());
    Entry old = bundles.get(bundle.id());
    long usedWithout = usedBytes - (old == null ? 0 : old.sizeBytes());
    if (size > quotaBytes - usedWithout) {
      return CompletableFuture.completedFuture(
          new StoreResult.DepletedStorage(size, usedBytes, quotaBytes));
    }
    bundles.put(bundle.id(), new Entry(bundle, size));
    usedBytes = usedWithout + size;
    return CompletableFuture.completedFuture(StoreResult.STORED);
  }

  @Override
  public synchronized CompletionStage<Boolean> remove(BundleId id) {
    Entry old = bundles.remove(id);
    if (old != null) {
      usedBytes -= old.sizeBytes();
    }
    return CompletableFuture.completedFuture(old != null);
  }

  @Override
  public synchronized Optional<StoredBundle> load(BundleId id) {
    Entry e = bundles.get(id);
    return e == null ? Optional.empty() : Optional.of(e.bundle());
  }

  /**
   * Hands the stored bundles to {@code action} in the order they were first stored, from a snapshot
   * taken first (so {@code action} may store and remove).
   */
  @Override
  public void forEach(Consumer<? super StoredBundle> action) {
    List<StoredBundle> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(bundles.size());
      for (Entry e : bundles.values()) {
        snapshot.add(e.bundle());
      }
    }
    snapshot.forEach(action);
  }

  @Override
  public long quotaBytes() {
    return quotaBytes;
  }

  @Override
  public synchronized long usedBytes() {
    return usedBytes;
  }

  @Override
  public synchronized String toString() {
    return "InMemoryBundleStore["
        + bundles.size()
        + " bundles, "
        + usedBytes
        + " of "
        + quotaBytes
        + " bytes]";
  }
}
