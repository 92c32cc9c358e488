/**
 * Shared test support of the bundle protocol: fixtures that tests of this module and of the modules
 * above it (security, contact-graph-routing) use alike, so that there is one copy of each. It lives
 * in {@code src/test/java} and is published as this module's test-jar ({@code
 * <type>test-jar</type>}, {@code <scope>test</scope>}); it is not part of the library.
 *
 * <ul>
 *   <li>{@link org.starlane.bp.testing.InMemoryConvergenceLayer}: links between agents on one
 *       virtual-time scheduler that carry bundles in their RFC 9171 §4 wire format (in memory, or
 *       as files for file-backed payloads), with knobs to cut, tamper with or limit a transfer.
 *   <li>{@link org.starlane.bp.testing.SparseFileOutputStream}: writes multi-GiB, mostly-zero
 *       encodings as sparse files.
 *   <li>{@link org.starlane.bp.testing.LargePayloads} and {@link org.starlane.bp.testing.PeakHeap}:
 *       markers, digests and heap measurements for end-to-end tests of large file-backed payloads.
 * </ul>
 */
package org.starlane.bp.testing;
