package org.starlane.bp.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;

/**
 * An application's registration of an endpoint with the agent (RFC 9171 §3.1): where bundles for
 * the endpoint are delivered, whether it is active (the agent delivers at once) or passive (the
 * agent keeps them until the application {@linkplain #poll() polls} or {@linkplain #activate()
 * activates} it), and the {@link DeliveryFailureAction}. Obtained from {@link
 * BundleProtocolAgent#register}. Thread-safe: each method only queues work on the agent's thread.
 */
public final class Registration {
  private final BundleProtocolAgent agent;
  private final EndpointId endpoint;
  private final BundleListener listener;
  private final DeliveryFailureAction failureAction;

  // Confined to the agent's thread.
  boolean active;
  boolean closed;
  final Deque<Pending> deferred = new ArrayDeque<>();

  Registration(
      BundleProtocolAgent agent,
      EndpointId endpoint,
      BundleListener listener,
      boolean active,
      DeliveryFailureAction failureAction) {
    this.agent = agent;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.active = active;
    this.failureAction = Objects.requireNonNull(failureAction, "failureAction");
  }

  public EndpointId endpoint() {
    return endpoint;
  }

  public DeliveryFailureAction failureAction() {
    return failureAction;
  }

  BundleListener listener() {
    return listener;
  }

  /**
   * Makes the registration active: the deferred bundles are delivered to the listener, oldest
   * first, then new bundles as they arrive.
   */
  public void activate() {
    agent.setActive(this, true);
  }

  /** Makes the registration passive: bundles are deferred or abandoned per the failure action. */
  public void deactivate() {
    agent.setActive(this, false);
  }

  /**
   * Takes the deferred bundles, oldest first (they count as delivered now, RFC 9171 §5.7 step 3).
   * Completes on the agent's thread.
   */
  public CompletableFuture<List<Bundle>> poll() {
    return agent.poll(this);
  }

  /**
   * Ends the registration. Deferred bundles are deleted with reason "destination endpoint ID
   * unavailable".
   */
  public void unregister() {
    agent.unregister(this);
  }

  @Override
  public String toString() {
    return "Registration[" + endpoint + ", " + failureAction + "]";
  }
}
