package org.starlane.bp.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.store.InMemoryBundleStore;

/**
 * An in-memory store whose stores of the bundles that match a predicate complete only when a test
 * says so ({@link #held}): the durability order of the agent's steps becomes visible. Confined to
 * the test's thread.
 */
final class HoldingBundleStore implements BundleStore {
  final InMemoryBundleStore delegate = new InMemoryBundleStore();

  /** The held stores, in the order they were asked for: run one to complete it. */
  final List<Runnable> held = new ArrayList<>();

  private final Predicate<Bundle> hold;

  HoldingBundleStore(Predicate<Bundle> hold) {
    this.hold = hold;
  }

  @Override
  public CompletionStage<StoreResult> store(StoredBundle bundle) {
    if (!hold.test(bundle.bundle())) {
      return delegate.store(bundle);
    }
    CompletableFuture<StoreResult> later = new CompletableFuture<>();
    held.add(() -> delegate.store(bundle).thenAccept(later::complete));
    return later;
  }

  @Override
  public CompletionStage<Boolean> remove(BundleId id) {
    return delegate.remove(id);
  }

  @Override
  public Optional<StoredBundle> load(BundleId id) {
    return delegate.load(id);
  }

  @Override
  public void forEach(Consumer<? super StoredBundle> action) {
    delegate.forEach(action);
  }

  @Override
  public long quotaBytes() {
    return delegate.quotaBytes();
  }

  @Override
  public long usedBytes() {
    return delegate.usedBytes();
  }
}
