/**
 * The UDP convergence layer (RFC 7122 §3.2, §3.2.2): bundles carried over UDP, exactly one bundle
 * per datagram, for isolated networks and tests (RFC 7122 §2 discourages it on the Internet: no
 * reliability, no congestion control).
 *
 * <ul>
 *   <li>{@link org.starlane.cl.udpcl.UdpConvergenceLayer}: one Netty NIO datagram channel; each
 *       configured peer (node ID, host:port) is a {@link org.starlane.cl.udpcl.UdpLink} whose
 *       maximum bundle size is the configured maximum datagram size, so the Bundle Protocol Agent
 *       fragments larger bundles proactively (RFC 7122 §3.1, §3.2; RFC 9171 §5.8);
 *   <li>{@link org.starlane.cl.udpcl.UdpclCounters}: what was received, sent, refused and ignored
 *       (junk datagrams, keep-alives of RFC 7122 §3.4, datagrams from unknown senders);
 *   <li>{@link org.starlane.cl.udpcl.TokenBucket}: the optional send-rate limit.
 * </ul>
 *
 * <p>The datagram payload is the bundle itself (RFC 9171 §4.1 CBOR encoding), nothing more; the
 * only other payload is the keep-alive, four zero octets (RFC 7122 §3.4).
 */
package org.starlane.cl.udpcl;
