/**
 * Benchmarks of large, file-backed payloads (RFC 9171 §4.3.3 payload blocks kept in files,
 * docs/bundle-protocol.md "Large payloads"): the streaming encoder and decoder of {@link
 * org.starlane.bp.bundle.BundleCodec} on a payload file.
 */
package org.starlane.benchmarks.largepayload;
