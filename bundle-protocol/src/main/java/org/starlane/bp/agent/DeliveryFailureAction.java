package org.starlane.bp.agent;

/**
 * What the agent does with a bundle it cannot deliver to a registration right now, because the
 * registration is passive or the application failed to take it (RFC 9171 §3.1, §5.7 step 2).
 */
public enum DeliveryFailureAction {
  /**
   * Keep the bundle until the application polls the registration or makes it active again; then
   * deliver the deferred bundles in the order they arrived.
   */
  DEFER,
  /**
   * Abandon the bundle: it is not deliverable subject to this registration, and the agent deletes
   * it with reason "destination endpoint ID unavailable".
   */
  ABANDON
}
