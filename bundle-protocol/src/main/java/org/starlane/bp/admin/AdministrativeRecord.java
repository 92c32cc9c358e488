package org.starlane.bp.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;

/**
 * A BP administrative record (RFC 9171 §6.1): the payload of a bundle whose "payload is an
 * administrative record" flag is set. On the wire it is a CBOR array of two items:
 *
 * <pre>
 *   admin-record = [ record-type-code: uint, record-content: any ]
 *
 *   1   bundle status report (RFC 9171 §6.1.1)   {@link BundleStatusReport}
 *   3   BIBE protocol data unit                   }  defined by the Bundle-in-Bundle Encapsulation
 *   4   custody signal                            }  draft (draft-ietf-dtn-bibect); not decoded yet
 *   any other                                     {@link UnknownAdministrativeRecord}
 * </pre>
 *
 * <p>The set of record types is open (RFC 9171 §6.1, IANA "Bundle Administrative Record Types", RFC
 * 9713): a record of a type this node does not decode is an {@link UnknownAdministrativeRecord}
 * that keeps its type code and the CBOR bytes of its content exactly, so it re-encodes byte for
 * byte. Custody signals and BIBE records will be added as permitted types of their own.
 *
 * <p>Decoding is strict: anything that is not a well-formed record of RFC 9171 §6.1 throws {@link
 * AdministrativeRecordException}, and every length is checked against {@link CborLimits} before
 * anything is allocated. Definite- and indefinite-length arrays are accepted (RFC 9171 §4.1 allows
 * indefinite-length items in block data); encoding always writes definite-length arrays and the
 * shortest integers. Records are immutable and thread-safe.
 */
public sealed interface AdministrativeRecord
    permits BundleStatusReport, UnknownAdministrativeRecord {

  /** Record type code of a bundle status report (RFC 9171 §6.1). */
  long BUNDLE_STATUS_REPORT = 1;

  /** Record type code of a BIBE protocol data unit (draft-ietf-dtn-bibect); not decoded yet. */
  long BIBE_PROTOCOL_DATA_UNIT = 3;

  /** Record type code of a BIBE custody signal (draft-ietf-dtn-bibect); not decoded yet. */
  long CUSTODY_SIGNAL = 4;

  /** The record type code (unsigned). */
  long typeCode();

  /** Writes the record content, the second element of the record array, as CBOR. */
  void writeContentTo(ByteBuf out);

  /** Writes the whole record, {@code [type code, content]}, at {@code out}'s writer index. */
  default void encode(ByteBuf out) {
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, typeCode());
    writeContentTo(out);
  }

  /** The encoded record: the payload of the bundle that carries it. */
  default byte[] encode() {
    ByteBuf out = Unpooled.buffer(64);
    try {
      encode(out);
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes;
    } finally {
      out.release();
    }
  }

  /**
   * The bundle that carries this record from {@code sourceNode} to {@code destination} (RFC 9171
   * §6.2 step 2): the primary block has the "payload is an administrative record" flag, asks for no
   * status reports and no status time (RFC 9171 §4.2.3 forbids them), has report-to {@code
   * dtn:none} (nothing may be reported about it) and the "must not be fragmented" flag (a record is
   * small, and the administrative element then never has to reassemble one); CRC-32C on both
   * blocks. When the creation time is 0 (the node has no accurate clock) a Bundle Age block of 0 ms
   * is added, as RFC 9171 §4.2.7 requires.
   *
   * @param sourceNode the node ID of the node that sends the record (RFC 9171 §4.2.5.2)
   * @param destination where the record goes, for a status report the subject's report-to EID
   * @param creationTimestamp the new bundle's creation timestamp, from the agent's clock and
   *     sequence counter
   * @param lifetimeMillis the new bundle's lifetime (RFC 9171 §6.1.1 leaves it to the
   *     implementation; it may reflect the subject bundle's)
   * @throws IllegalArgumentException if {@code sourceNode} is not a node ID or {@code destination}
   *     is the null endpoint
   */
  default Bundle toBundle(
      EndpointId sourceNode,
      EndpointId destination,
      CreationTimestamp creationTimestamp,
      long lifetimeMillis) {
    Objects.requireNonNull(sourceNode, "sourceNode");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(creationTimestamp, "creationTimestamp");
    if (!sourceNode.isNodeId() || sourceNode.isNull()) {
      throw new IllegalArgumentException(
          "the source of an administrative record must be the sending node's node ID, not "
              + sourceNode);
    }
    if (destination.isNull()) {
      throw new IllegalArgumentException(
          "an administrative record needs a destination, not " + destination);
    }
    PrimaryBlock primary =
        new PrimaryBlock(
            BundleProcessingFlags.NONE
                .with(BundleProcessingFlags.ADMINISTRATIVE_RECORD)
                .with(BundleProcessingFlags.MUST_NOT_FRAGMENT),
            CrcType.CRC32C,
            destination,
            sourceNode,
            EndpointId.NONE,
            creationTimestamp,
            lifetimeMillis,
            0,
            0);
    CanonicalBlock payload = CanonicalBlock.payload(ByteBuffer.wrap(encode()));
    if (creationTimestamp.isTimeUnknown()) {
      CanonicalBlock age =
          new CanonicalBlock(
              BlockType.BUNDLE_AGE,
              2,
              BlockProcessingFlags.NONE,
              CrcType.CRC32C,
              ExtensionBlocks.bundleAgeData(0));
      return Bundle.of(primary, List.of(age, payload));
    }
    return Bundle.of(primary, payload);
  }

  /**
   * Decodes a record that fills the remaining bytes of {@code payload}, with {@link
   * CborLimits#DEFAULT}. Does not move {@code payload}'s position.
   *
   * @throws AdministrativeRecordException if the bytes are not exactly one valid record
   */
  static AdministrativeRecord decode(ByteBuffer payload) {
    return decode(payload, CborLimits.DEFAULT);
  }

  /**
   * Decodes a record that fills the remaining bytes of {@code payload}, within {@code limits}. Does
   * not move {@code payload}'s position; the result shares no memory with it.
   *
   * @throws AdministrativeRecordException if the bytes are not exactly one valid record
   */
  static AdministrativeRecord decode(ByteBuffer payload, CborLimits limits) {
    return AdministrativeRecordDecoder.decode(payload, limits);
  }

  /** Decodes a record that fills {@code payload} exactly, with {@link CborLimits#DEFAULT}. */
  static AdministrativeRecord decode(byte[] payload) {
    return decode(ByteBuffer.wrap(payload));
  }

  /**
   * Decodes the administrative record that {@code bundle} carries.
   *
   * @throws IllegalArgumentException if the bundle's "payload is an administrative record" flag is
   *     clear, or it is a fragment (reassemble it first)
   * @throws AdministrativeRecordException if the payload is not a valid record
   */
  static AdministrativeRecord fromBundle(Bundle bundle) {
    PrimaryBlock primary = bundle.primary();
    if (!primary.flags().isAdministrativeRecord()) {
      throw new IllegalArgumentException(
          "bundle " + bundle.id() + " does not carry an administrative record");
    }
    if (primary.isFragment()) {
      throw new IllegalArgumentException(
          "bundle " + bundle.id() + " is a fragment: reassemble the administrative record first");
    }
    return decode(bundle.payload());
  }
}
