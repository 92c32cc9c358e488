/**
 * Benchmarks of the simulated RF link: channel events per second in virtual time. Figures in {@code
 * docs/performance.md}.
 */
package org.starlane.benchmarks.sim;
