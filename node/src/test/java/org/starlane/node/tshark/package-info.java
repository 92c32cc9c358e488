/**
 * Cross-checks of our BPv7 encoding (RFC 9171 §4) against Wireshark's dissectors: a test-side pcap
 * writer that wraps each bundle in one UDP datagram (RFC 7122), a runner for {@code tshark}, and
 * integration tests that compare what tshark dissects with what we encoded.
 */
package org.starlane.node.tshark;
