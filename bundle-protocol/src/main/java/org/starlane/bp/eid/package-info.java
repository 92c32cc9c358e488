/**
 * Endpoint IDs and node IDs (RFC 9171 §4.2.5): the {@code dtn} scheme ({@code dtn:none}, {@code
 * dtn://node/demux}) and the {@code ipn} scheme with the RFC 9758 updates (allocator identifiers,
 * the three-element CBOR form, {@code ipn:!.S}, the null node). Text forms are parsed and formatted
 * here, and the CBOR form is read and written.
 */
package org.starlane.bp.eid;
