/**
 * Administrative records (RFC 9171 §6.1): the ADUs that the administrative elements of nodes'
 * application agents exchange, carried in bundles whose "payload is an administrative record" flag
 * is set. On the wire a record is the CBOR array {@code [record type code, record content]}.
 *
 * <ul>
 *   <li>{@link org.starlane.bp.admin.AdministrativeRecord}: the sealed, open-ended record type, its
 *       strict decoder and its encoder, and the bundle that carries a record;
 *   <li>{@link org.starlane.bp.admin.BundleStatusReport} (record type 1, RFC 9171 §6.1.1) with its
 *       {@link org.starlane.bp.admin.BundleStatusItem}s, one per {@link
 *       org.starlane.bp.admin.BundleStatus} (received, forwarded, delivered, deleted);
 *   <li>{@link org.starlane.bp.admin.UnknownAdministrativeRecord}: any other record type, kept byte
 *       for byte (custody signals and BIBE records will become record types of their own);
 *   <li>{@link org.starlane.bp.admin.AdministrativeRecordException}: a malformed record.
 * </ul>
 *
 * <p>Generating a report is the agent's decision (RFC 9171 §5.1: status reports are disabled by
 * default); this package only builds, encodes and decodes records.
 */
package org.starlane.bp.admin;
