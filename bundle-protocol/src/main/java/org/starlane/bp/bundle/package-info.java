/**
 * BPv7 bundles and their wire format (RFC 9171 §4): {@link org.starlane.bp.bundle.PrimaryBlock},
 * {@link org.starlane.bp.bundle.CanonicalBlock}, the extension blocks of §4.4, CRCs (§4.2.1-2),
 * flags (§4.2.3-4), DTN time and creation timestamps (§4.2.6-7), and {@link
 * org.starlane.bp.bundle.BundleCodec}, which decodes with full validation and re-encodes only the
 * blocks a relay changed. {@link org.starlane.bp.bundle.Fragmentation} splits a bundle into
 * fragments that fit a size limit (§5.8) and {@link org.starlane.bp.bundle.Reassembly} rebuilds the
 * original bundle from its fragments (§5.9), overlapping ones included.
 *
 * <p>Reactive fragmentation (§5.8, RFC 9174 §3.2): {@code BundleCodec.decodePrefix} makes a
 * fragment of what arrived of a transfer that was cut short (the primary block and every block
 * before the payload whole and valid, at least one payload octet; the payload's CRC cannot be
 * checked), {@code BundleCodec.payloadDataOffset} says where the payload's data start in an
 * encoding, so that a sender knows how many payload octets an acknowledged prefix holds, and {@code
 * Fragmentation.remainder} is the fragment of what is left to send.
 *
 * <p>Large payloads (docs/bundle-protocol.md, "Large payloads"): a payload block may keep its data
 * in a file region, {@link org.starlane.bp.bundle.PayloadFile}, so that bundles of any size (over 4
 * GiB included) are never held whole in the heap; {@code BundleCodec} encodes them to and decodes
 * them from streams (the payload streamed to or from a file, its CRC computed on the way), {@code
 * Fragmentation} slices the file into regions and {@code Reassembly} can assemble large ADUs into
 * files.
 */
package org.starlane.bp.bundle;
