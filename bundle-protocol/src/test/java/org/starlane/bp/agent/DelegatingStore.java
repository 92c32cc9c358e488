package org.starlane.bp.agent;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.store.InMemoryBundleStore;

/**
 * An in-memory store for tests that change how {@link #store} answers (later, or refusing): every
 * method hands over to {@link #delegate}. Confined to the test's thread.
 */
abstract class DelegatingStore implements BundleStore {
  final InMemoryBundleStore delegate = new InMemoryBundleStore();

  @Override
  public CompletionStage<StoreResult> store(StoredBundle bundle) {
    return delegate.store(bundle);
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
