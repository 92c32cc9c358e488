package org.starlane.bp.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * An in-memory store whose stores of the bundles that match a predicate complete only when a test
 * says so ({@link #held}): the durability order of the agent's steps becomes visible. Confined to
 * the test's thread.
 */
final class HoldingBundleStore extends DelegatingStore {
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
}
