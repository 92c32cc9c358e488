/**
 * Implementations of the {@link org.starlane.bp.spi.BundleStore} SPI: where the Bundle Protocol
 * Agent keeps the bundles it has a retention constraint on (RFC 9171 §5). {@link
 * org.starlane.bp.store.InMemoryBundleStore} for tests, simulations and nodes that need no
 * persistence; {@link org.starlane.bp.store.MvStoreBundleStore}, persistent and crash-safe (H2
 * MVStore with group commit, large bundles in files; its Javadoc and docs/storage.md state the
 * durability contract). Bundles with a file-backed payload ({@link
 * org.starlane.bp.bundle.PayloadFile}) are kept by reference in memory, and by hard link (or copy)
 * of the payload file into the persistent store, which hands them back file-backed
 * (docs/storage.md, "Large payloads").
 */
package org.starlane.bp.store;
