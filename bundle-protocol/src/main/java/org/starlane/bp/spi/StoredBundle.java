package org.starlane.bp.spi;

import java.util.Objects;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;

/**
 * A bundle as a {@link BundleStore} keeps it: the bundle and the agent's metadata about it.
 *
 * @param bundle the bundle
 * @param metadata the agent's bookkeeping
 */
public record StoredBundle(Bundle bundle, BundleMetadata metadata) {
  public StoredBundle {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(metadata, "metadata");
  }

  public BundleId id() {
    return bundle.id();
  }
}
