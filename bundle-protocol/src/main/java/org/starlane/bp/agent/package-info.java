/**
 * The Bundle Protocol Agent (RFC 9171 §5) and what it is configured with: {@link
 * org.starlane.bp.agent.BundleProtocolAgent} runs the procedures of §5 (transmission §5.2, dispatch
 * §5.3, forwarding §5.4 with contraindication and failure §5.4.1-2, expiration §5.5, reception
 * §5.6, local delivery §5.7, administrative record reception §5.8, deletion §5.10) and generates
 * the status reports of §6.1.1 on one thread, the one of its {@link org.starlane.bp.spi.Scheduler}.
 * Applications register endpoints ({@link org.starlane.bp.agent.Registration}, §3.1); {@link
 * org.starlane.bp.agent.StaticRoutingTable} is the simplest {@link org.starlane.bp.spi.Router}.
 *
 * <p>Not implemented yet: fragmentation and reassembly (§5.8, §5.9), custody transfer.
 */
package org.starlane.bp.agent;
