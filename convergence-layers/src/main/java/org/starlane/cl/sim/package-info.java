/**
 * A simulated RF link: a convergence layer (RFC 9171 §7) that carries bundles between Bundle
 * Protocol Agents through an emulated radio channel, the test bed for delay-tolerant networking
 * without radios. Built in the spirit of Aeron's loss generators: fault injection is part of the
 * transport, deterministic from a seed.
 *
 * <ul>
 *   <li>{@link org.starlane.cl.sim.RadioChannel}: one direction's physics — data rate
 *       (serialization time = bits / rate, one bundle after another), one-way light time ({@link
 *       org.starlane.cl.sim.LightTime}, fixed or a function of time such as a contact plan's
 *       range), frame loss probability and bit-error rate; the two directions of a link may differ
 *       (asymmetric up/down rates);
 *   <li>{@link org.starlane.cl.sim.ContactSchedule} of {@link org.starlane.cl.sim.ContactWindow}s:
 *       the link exists only inside its windows (link up at the start, down at the end); a transfer
 *       cut by a window's end is lost or truncated ({@link org.starlane.cl.sim.WindowCut}); the
 *       octets of a truncated one go to the receiving agent, which may keep them as a fragment
 *       (reactive fragmentation, RFC 9171 §5.8);
 *   <li>{@link org.starlane.cl.sim.SimulatedConvergenceLayer} (one per node) and its {@link
 *       org.starlane.cl.sim.SimulatedLink}s; {@link org.starlane.cl.sim.SimulatedNetwork} wires
 *       nodes that share one virtual-time scheduler;
 *   <li>{@link org.starlane.cl.sim.UdpFrameCarrier}: the same channel model in real time between
 *       processes, the frames carried as UDP datagrams on loopback;
 *   <li>{@link org.starlane.cl.sim.ChannelEvent}s to a {@link org.starlane.cl.sim.ChannelObserver}:
 *       the trace of a run, identical for the same seed.
 * </ul>
 *
 * <p>A corrupted bundle is dropped by the receiving layer because {@link
 * org.starlane.bp.bundle.BundleCodec} rejects it — its CRC (RFC 9171 §4.2.1, §4.3.1) or its CBOR
 * structure no longer checks (RFC 9171 §5.6 step 3) — never delivered.
 */
package org.starlane.cl.sim;
