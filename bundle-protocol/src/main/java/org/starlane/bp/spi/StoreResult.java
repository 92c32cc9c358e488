package org.starlane.bp.spi;

/**
 * The outcome of {@link BundleStore#store}: stored durably, or refused because the quota is full
 * (the agent then deletes the bundle with reason "depleted storage", RFC 9171 §6.1.1).
 */
public sealed interface StoreResult {

  /** The shared instance of {@link Stored}. */
  Stored STORED = new Stored();

  /** The bundle is stored (durably, for a persistent store). */
  record Stored() implements StoreResult {}

  /**
   * The bundle does not fit: storing it would exceed the quota.
   *
   * @param bundleBytes the encoded size of the refused bundle
   * @param usedBytes bytes in use by the store
   * @param quotaBytes the store's quota
   */
  record DepletedStorage(long bundleBytes, long usedBytes, long quotaBytes) implements StoreResult {
    @Override
    public String toString() {
      return "depleted storage: bundle of "
          + bundleBytes
          + " bytes does not fit, "
          + usedBytes
          + " of "
          + quotaBytes
          + " bytes in use";
    }
  }
}
