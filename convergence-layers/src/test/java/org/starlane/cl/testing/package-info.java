/**
 * Shared test support of the convergence layers: fixtures that tests of this module and of the node
 * use alike, so that there is one copy of each. It lives in {@code src/test/java} and is published
 * as this module's test-jar ({@code <type>test-jar</type>}, {@code <scope>test</scope>}); it is not
 * part of the library.
 *
 * <ul>
 *   <li>{@link org.starlane.cl.testing.PcapWriter}: a libpcap capture of UDP datagrams over IPv4
 *       (RFC 791, RFC 768) with correct checksums, to hand what a convergence layer sent (UDPCL,
 *       RFC 7122) or a bundle (RFC 9171) to Wireshark without capture privileges.
 * </ul>
 */
package org.starlane.cl.testing;
