/**
 * The service-provider interfaces (SPIs) that the Bundle Protocol Agent (RFC 9171 §5) is built on
 * and that the other Starlane modules implement: the convergence layer (§7), the router (the
 * forwarding decision of §5.4, which may ask for anticipatory fragmentation, §5.8, and ask the
 * agent to decide again about a waiting bundle), the security processor (BPSec, RFC 9172), the
 * bundle store, and time — a {@link org.starlane.bp.spi.Clock} and a {@link
 * org.starlane.bp.spi.Scheduler}.
 *
 * <p>For reactive fragmentation (§5.8, RFC 9174 §3.2), a convergence layer reports what a cut
 * transfer achieved both ways: {@link org.starlane.bp.spi.SendResult.Failed#acknowledgedBytes()},
 * the prefix of the encoded bundle the peer acknowledged, and {@link
 * org.starlane.bp.spi.ConvergenceLayer.Listener#bundlePrefixReceived}, the octets of an incoming
 * one that arrived.
 *
 * <p>All time comes from an injected clock and scheduler, never from {@code System} calls: the BPA
 * needs time for creation timestamps (§4.2.7), bundle age (§4.4.2) and expiration (§5.5), and the
 * same agent code runs either
 *
 * <ul>
 *   <li>in real time on an {@link org.starlane.bp.spi.EventLoopScheduler} (one named thread, the
 *       wall clock), or
 *   <li>in deterministic virtual time on a {@link org.starlane.bp.spi.VirtualTimeScheduler}, where
 *       time moves only when a test or simulation says so (a day of traffic in seconds, the same
 *       result for the same seed).
 * </ul>
 *
 * <p>Both schedulers run tasks one at a time on one thread, ordered by due time and then by
 * submission, so the agent's core needs no locks and behaves identically in both modes.
 */
package org.starlane.bp.spi;
