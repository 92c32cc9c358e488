/**
 * Simulation wiring: the simulated RF links of {@code convergence-layers} driven by a contact plan
 * of {@code contact-graph-routing} (windows, rates and one-way light times from the plan), so that
 * a network of agents can be run in virtual time against the same plan its routers use. The two
 * modules do not know each other; this package adapts one to the other.
 */
package org.starlane.node.sim;
