/**
 * Benchmarks of the UDP convergence layer (RFC 7122 §3.2): bundles per second over loopback.
 * Figures in {@code docs/performance.md}.
 */
package org.starlane.benchmarks.udpcl;
