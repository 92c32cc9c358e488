/**
 * BPv7 bundles and their wire format (RFC 9171 §4): {@link org.starlane.bp.bundle.PrimaryBlock},
 * {@link org.starlane.bp.bundle.CanonicalBlock}, the extension blocks of §4.4, CRCs (§4.2.1-2),
 * flags (§4.2.3-4), DTN time and creation timestamps (§4.2.6-7), and {@link
 * org.starlane.bp.bundle.BundleCodec}, which decodes with full validation and re-encodes only the
 * blocks a relay changed. {@link org.starlane.bp.bundle.Fragmentation} splits a bundle into
 * fragments that fit a size limit (§5.8) and {@link org.starlane.bp.bundle.Reassembly} rebuilds the
 * original bundle from its fragments (§5.9).
 */
package org.starlane.bp.bundle;
