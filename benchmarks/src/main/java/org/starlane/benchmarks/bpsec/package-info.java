/**
 * JMH benchmarks of BPSec (RFC 9172) with the RFC 9173 contexts: BIB-HMAC-SHA2 signing and
 * verification of a bundle, BCB-AES-GCM encryption and decryption of a bundle's payload (in memory,
 * and in a 64 MiB payload file: {@code FileBackedBpsecBenchmark}), and the JCA primitives compared
 * across providers (the JDK's and Bouncy Castle's), which is how {@link
 * org.starlane.bpsec.JcaPrimitives} chose its providers. Figures in {@code docs/performance.md}.
 */
package org.starlane.benchmarks.bpsec;
