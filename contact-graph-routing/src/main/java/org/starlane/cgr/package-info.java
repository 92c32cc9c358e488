/**
 * Contact graph routing (CGR) as Schedule-Aware Bundle Routing (SABR, CCSDS 734.3-B-1) describes it
 * and NASA JPL's ION implements it: the contact plan model ({@link org.starlane.cgr.Contact},
 * {@link org.starlane.cgr.Range}, {@link org.starlane.cgr.ContactPlan}), the route search over the
 * contact graph, the route cache, the forwarding rules, and the {@link org.starlane.bp.spi.Router}
 * that makes the forwarding decision of RFC 9171 §5.4 step 2 for the Bundle Protocol Agent.
 *
 * <p>Conventions: node numbers are ipn node numbers (RFC 9758); times are milliseconds since the
 * Unix epoch on the agent's clock; rates are bytes per second.
 */
package org.starlane.cgr;
