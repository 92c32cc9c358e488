/**
 * Benchmarks of contact prediction ({@code org.starlane.cgr.orbit}): the whole 66-satellite,
 * 10-station, 24-hour prediction with and without inter-satellite links. The generated 24-hour
 * contact plan of that constellation, {@code relay-walker-66-24h.ionrc} (ION commands), is a
 * resource of this package for route benchmarks.
 */
package org.starlane.benchmarks.orbit;
