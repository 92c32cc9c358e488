/**
 * The strict CBOR (RFC 8949) subset that BPv7 uses (RFC 9171 §4.1): unsigned integers,
 * definite-length byte and text strings, definite- and indefinite-length arrays, booleans. {@link
 * org.starlane.bp.cbor.CborReader} checks every length against {@link
 * org.starlane.bp.cbor.CborLimits} and the bytes present before allocating; {@link
 * org.starlane.bp.cbor.CborWriter} always writes the preferred (shortest) serialization.
 */
package org.starlane.bp.cbor;
