/**
 * TCPCLv4, the Delay-Tolerant Networking TCP Convergence-Layer Protocol Version 4 (RFC 9174), on
 * Netty.
 *
 * <ul>
 *   <li>Frames: {@link org.starlane.cl.tcpcl.ContactHeader} (§4.2), {@link
 *       org.starlane.cl.tcpcl.TcpclMessage} (§4.5, §4.6, §5.1, §5.2, §6.1), {@link
 *       org.starlane.cl.tcpcl.ExtensionItem} (§4.8, §5.2.5), read and written by {@link
 *       org.starlane.cl.tcpcl.TcpclFrames} within {@link org.starlane.cl.tcpcl.TcpclLimits}.
 *   <li>Decoders: {@link org.starlane.cl.tcpcl.ContactHeaderDecoder} and {@link
 *       org.starlane.cl.tcpcl.TcpclMessageDecoder}, explicit state machines; faults are {@link
 *       org.starlane.cl.tcpcl.TcpclException}s carrying the protocol's answer (MSG_REJECT reason,
 *       SESS_TERM reason).
 *   <li>Sessions: contact negotiation (§4.3), TLS (§4.4, {@link org.starlane.cl.tcpcl.TcpclTls}),
 *       SESS_INIT negotiation (§4.7), transfers (§5.2), keepalive (§5.1.1), termination (§6).
 *   <li>The convergence layer: {@link org.starlane.cl.tcpcl.TcpclConvergenceLayer}, configured by
 *       {@link org.starlane.cl.tcpcl.TcpclConfig}; each session is a {@link
 *       org.starlane.cl.tcpcl.TcpclLink}.
 * </ul>
 *
 * <p>Reactive fragmentation (§3.2; RFC 9171 §5.8) is the agent's to do: a transfer cut by a dropped
 * connection fails with the length of its last XFER_ACK ({@code SendResult.Failed}), and the whole
 * segments of an incoming transfer cut short go to the agent as a prefix ({@code
 * Listener.bundlePrefixReceived}).
 *
 * <p>Not implemented: TLS session resumption, OCSP (§4.4.4.1), TCPCL versions other than 4.
 */
package org.starlane.cl.tcpcl;
