/**
 * The Bundle Protocol Agent (RFC 9171 §5) and what it is configured with: {@link
 * org.starlane.bp.agent.BundleProtocolAgent} runs the procedures of §5 (transmission §5.2, dispatch
 * §5.3, forwarding §5.4 with contraindication and failure §5.4.1-2, expiration §5.5, reception
 * §5.6, local delivery §5.7, fragmentation §5.8, reassembly §5.9, deletion §5.10, administrative
 * record reception §6.1) and generates the status reports of §6.1.1 on one thread, the one of its
 * {@link org.starlane.bp.spi.Scheduler}. Applications register endpoints ({@link
 * org.starlane.bp.agent.Registration}, §3.1); {@link org.starlane.bp.agent.StaticRoutingTable} is
 * the simplest {@link org.starlane.bp.spi.Router}.
 *
 * <p>The agent fragments bundles for links with a maximum bundle size (§5.8, proactive), replaces a
 * bundle with two fragments when its router asks for it (§5.8, anticipatory: {@link
 * org.starlane.bp.spi.RoutingDecision.Fragment}) and reassembles fragments addressed to its node
 * (§5.9), with {@link org.starlane.bp.bundle.Fragmentation} and {@link
 * org.starlane.bp.bundle.Reassembly}. With reactive fragmentation on ({@code
 * Builder.reactiveFragmentation}, off by default: docs/agent.md), a send cut short is followed by
 * only what the peer did not acknowledge, and what arrived of a cut incoming transfer is kept as a
 * fragment.
 *
 * <p>Large payloads (docs/agent.md, "Large payloads"): with a payload directory, the agent sends
 * files ({@code transmit(..., Path, ...)}), forwards, fragments, reassembles and delivers bundles
 * whose payload is a file region, without holding the payload in the heap.
 *
 * <p>Not implemented yet: custody transfer.
 */
package org.starlane.bp.agent;
