package org.starlane.bp.agent;

import org.starlane.bp.bundle.Bundle;

/**
 * An application's side of a {@link Registration}: receives the bundles delivered to its endpoint
 * (RFC 9171 §5.7). Called on the agent's thread: it must return quickly and never block. If it
 * throws, delivery has failed and the registration's {@link DeliveryFailureAction} is taken.
 */
@FunctionalInterface
public interface BundleListener {
  void deliver(Bundle bundle);
}
