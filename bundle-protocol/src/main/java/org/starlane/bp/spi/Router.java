package org.starlane.bp.spi;

import java.util.Collection;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;

/**
 * The forwarding decision of RFC 9171 §5.4 step 2 ("the manner in which this decision is made ...
 * is beyond the scope of this document; one possible mechanism is described in [SABR]"): static
 * routes, contact graph routing, epidemic. Called only on the agent's thread, so an implementation
 * may keep unsynchronized state if it is used by one agent only.
 *
 * <p>The agent asks {@link #route} when it dispatches a bundle for forwarding, and asks again about
 * a waiting bundle at the time a {@link RoutingDecision.WaitUntil} names, whenever a link comes up,
 * after a failed send, and whenever the router itself asks for it through the {@link Rerouting} the
 * agent gave it ({@link #start}): for example when a router's earlier decision for a bundle no
 * longer holds because another bundle took its place in a contact.
 */
public interface Router {

  /**
   * Decides where {@code bundle} goes next.
   *
   * @param bundle a bundle that is not for this node
   * @param linksUp the links that are up now
   * @param nowMillis the agent's clock
   */
  RoutingDecision route(Bundle bundle, Collection<Link> linksUp, long nowMillis);

  /**
   * Called once by the agent that uses this router, when the agent is built (before it asks for any
   * decision), with the way to ask it to route bundles again. The default ignores it.
   *
   * @throws IllegalStateException if the router serves another agent already (an implementation
   *     that keeps {@code rerouting} serves one agent only)
   */
  default void start(Rerouting rerouting) {}

  /** {@code link} came up; the agent will ask again about the bundles that wait. */
  default void linkUp(Link link) {}

  /** {@code link} went down. */
  default void linkDown(Link link) {}

  /**
   * How a router asks its agent for a new forwarding decision about bundles it holds (RFC 9171
   * §5.4): the agent's side of a router, with no reference to the agent itself. Thread-safe: a call
   * only queues the work on the agent's thread (threads talk through queues), so a router may call
   * it from within {@link Router#route} or from any other thread.
   */
  @FunctionalInterface
  interface Rerouting {

    /**
     * Asks the agent to route bundle {@code id} again soon, on its own thread: if the agent holds
     * that bundle and it waits to be forwarded (§5.4.1), the agent calls {@link Router#route} for
     * it; otherwise (delivered, being sent, deleted, unknown) nothing happens.
     */
    void routeAgain(BundleId id);
  }
}
