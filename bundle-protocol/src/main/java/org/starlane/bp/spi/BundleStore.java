package org.starlane.bp.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.starlane.bp.bundle.BundleId;

/**
 * Where the agent keeps the bundles it has a retention constraint on (RFC 9171 §5), within a quota
 * of bytes (counted as the bundles' encoded size). A persistent store makes a bundle durable before
 * the returned stage completes, so that the agent promises nothing (custody, a TCPCL
 * acknowledgement) about a bundle that a crash could lose. Implementations are thread-safe; stages
 * may complete on any thread.
 */
public interface BundleStore {

  /**
   * Stores {@code bundle}, replacing any bundle with the same ID. Completes with {@link
   * StoreResult.Stored} once durable, or {@link StoreResult.DepletedStorage} if it does not fit in
   * the quota (an expected outcome, not an exception); completes exceptionally only on a fault (I/O
   * error).
   */
  CompletionStage<StoreResult> store(StoredBundle bundle);

  /**
   * Removes the bundle with this ID, if stored; completes when the removal is durable, with whether
   * there was such a bundle.
   */
  CompletionStage<Boolean> remove(BundleId id);

  /** The stored bundle with this ID. May block on I/O: for recovery, not for the event loop. */
  Optional<StoredBundle> load(BundleId id);

  /**
   * Hands every stored bundle to {@code action}, one at a time on the calling thread, for recovery
   * after a restart: a store need not hold all its bundles in the heap at once. A bundle stored or
   * removed while this runs may or may not be seen; {@code action} may call {@link #store} and
   * {@link #remove}. A persistent store never hands over a bundle whose stored bytes are damaged
   * (it drops it). May block on I/O: for recovery, not for the event loop.
   */
  void forEach(Consumer<? super StoredBundle> action);

  /**
   * Every stored bundle in one list, collected with {@link #forEach}: all of them in the heap at
   * once, so for tests and small stores; recovery uses {@link #forEach}. May block on I/O.
   */
  default List<StoredBundle> list() {
    List<StoredBundle> all = new ArrayList<>();
    forEach(all::add);
    return all;
  }

  /** The most bytes the store may hold. */
  long quotaBytes();

  /** The bytes in use now. */
  long usedBytes();
}
