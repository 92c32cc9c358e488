/**
 * JMH benchmarks of the hot paths of the BPv7 codec (RFC 9171 §4): bundle decode and encode, the
 * relay re-encode a forwarder does for every bundle (decode, Hop Count increment per RFC 9171
 * §4.4.3, encode), block CRCs (§4.2.2) and the CBOR reader and writer (RFC 8949).
 *
 * <p>Build the shaded jar with {@code ./mvnw -o -q -B package -pl benchmarks -am -DskipTests} and
 * run {@code java -jar benchmarks/target/benchmarks.jar -prof gc}. Figures, machine and the exact
 * commands are in {@code docs/performance.md}. Every benchmark is single-threaded, forks one JVM
 * and builds its inputs in {@code @Setup}, outside the measured method.
 */
package org.starlane.benchmarks;
