package org.starlane.bp.spi;

import java.util.Collection;
import org.starlane.bp.bundle.Bundle;

/**
 * The forwarding decision of RFC 9171 §5.4 step 2 ("the manner in which this decision is made ...
 * is beyond the scope of this document; one possible mechanism is described in [SABR]"): static
 * routes, contact graph routing, epidemic. Called only on the agent's thread, so an implementation
 * may keep unsynchronized state if it is used by one agent only.
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

  /** {@code link} came up; the agent will ask again about the bundles that wait. */
  default void linkUp(Link link) {}

  /** {@code link} went down. */
  default void linkDown(Link link) {}
}
