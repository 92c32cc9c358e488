/**
 * Implementations of the {@link org.starlane.bp.spi.BundleStore} SPI: where the Bundle Protocol
 * Agent keeps the bundles it has a retention constraint on (RFC 9171 §5). So far only {@link
 * org.starlane.bp.store.InMemoryBundleStore}; the persistent, crash-safe store is still to come.
 */
package org.starlane.bp.store;
