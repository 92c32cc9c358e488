package org.starlane.bp.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32C;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.RetentionConstraint;

/**
 * What {@link MvStoreBundleStore} keeps in its metadata map for one bundle: the agent's metadata,
 * the length and CRC32C of the encoded bundle, and where those bytes are. It is what recovery reads
 * first, so it is small (about 30 bytes for an ipn bundle).
 *
 * <p>Encoding: a CBOR array followed by the CRC32C of the array's bytes (4 bytes, big-endian), so
 * that a damaged record is detected rather than misread:
 *
 * <pre>
 * [format (1), receivedAtMillis, receivedFrom (EID, RFC 9171 §4.2.5.1), retention constraints
 *  (bit set), encodedLength, crc32c, payloadFile] CRC32C
 * </pre>
 *
 * {@code payloadFile} 0 means the encoded bundle is in the payload map under the same key; {@code n
 * > 0} means it is the file {@code payload/<n>.bin}.
 *
 * <p>Format 2, for a bundle with a file-backed payload (docs/storage.md, "Large payloads"): the
 * payload map holds the bundle's "head" (the bundle encoded with an empty payload, described by
 * {@code encodedLength} and {@code crc32c}) and {@code payload/<n>.bin} holds the raw payload data,
 * {@code dataLength} bytes with CRC32C {@code dataCrc32c}:
 *
 * <pre>
 * [format (2), receivedAtMillis, receivedFrom, retention constraints, encodedLength, crc32c,
 *  payloadFile, dataLength, dataCrc32c] CRC32C
 * </pre>
 *
 * @param metadata the agent's metadata
 * @param encodedLength the length of the encoded bundle in bytes
 * @param crc32c the CRC32C of the encoded bundle
 * @param payloadFile the number of the payload file, or 0 if the bytes are in the payload map
 * @param dataLength for format 2, the length of the raw payload data in the payload file; -1 for
 *     format 1
 * @param dataCrc32c for format 2, the CRC32C of the raw payload data
 */
record BundleRecord(
    BundleMetadata metadata,
    long encodedLength,
    int crc32c,
    long payloadFile,
    long dataLength,
    int dataCrc32c) {
  private static final int FORMAT = 1;
  private static final int FORMAT_DATA_FILE = 2;

  BundleRecord(BundleMetadata metadata, long encodedLength, int crc32c, long payloadFile) {
    this(metadata, encodedLength, crc32c, payloadFile, -1, 0);
  }

  BundleRecord {
    if (dataLength < -1) {
      throw new IllegalArgumentException("data length " + dataLength + " < -1");
    }
    if (dataLength >= 0 && payloadFile == 0) {
      throw new IllegalArgumentException("raw payload data needs a payload file");
    }
    if (encodedLength <= 0) {
      throw new IllegalArgumentException("encoded length " + encodedLength + " <= 0");
    }
    if (payloadFile < 0) {
      throw new IllegalArgumentException("payload file " + payloadFile + " < 0");
    }
  }

  boolean inFile() {
    return payloadFile != 0;
  }

  /** Whether the payload file holds raw payload data (format 2) rather than the whole bundle. */
  boolean hasDataFile() {
    return dataLength >= 0;
  }

  /** The bundle's encoded size: what the quota counts. */
  long sizeBytes() {
    return hasDataFile()
        ? encodedLength - 1 + CborWriter.headerSize(dataLength) + dataLength
        : encodedLength;
  }

  byte[] encode() {
    ByteBuf out = CborWriter.newHeapBuffer(48);
    CborWriter.writeArrayHeader(out, hasDataFile() ? 9 : 7);
    CborWriter.writeUnsigned(out, hasDataFile() ? FORMAT_DATA_FILE : FORMAT);
    CborWriter.writeUnsigned(out, metadata.receivedAtMillis());
    metadata.receivedFrom().writeTo(out);
    CborWriter.writeUnsigned(out, bits(metadata.retentionConstraints()));
    CborWriter.writeUnsigned(out, encodedLength);
    CborWriter.writeUnsigned(out, Integer.toUnsignedLong(crc32c));
    CborWriter.writeUnsigned(out, payloadFile);
    if (hasDataFile()) {
      CborWriter.writeUnsigned(out, dataLength);
      CborWriter.writeUnsigned(out, Integer.toUnsignedLong(dataCrc32c));
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), out.arrayOffset(), out.writerIndex());
    out.writeInt((int) crc.getValue());
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  /**
   * Decodes a record.
   *
   * @throws org.starlane.bp.DtnException (a {@link BundleStoreException}, {@link
   *     org.starlane.bp.cbor.CborException} or {@link
   *     org.starlane.bp.eid.EndpointIdFormatException}) if the record is damaged
   * @throws IllegalArgumentException if a decoded field is out of range
   */
  static BundleRecord decode(byte[] bytes) {
    if (bytes.length < 5) {
      throw new BundleStoreException("record of " + bytes.length + " bytes is too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    int stored = in.getInt(bytes.length - 4);
    if ((int) crc.getValue() != stored) {
      throw new BundleStoreException(
          "record CRC32C "
              + Integer.toHexString((int) crc.getValue())
              + " does not match the stored "
              + Integer.toHexString(stored));
    }
    CborReader r = new CborReader(in.slice(0, bytes.length - 4), CborLimits.DEFAULT);
    int elements = r.readArrayHeader();
    long format = r.readUnsigned();
    if (!(format == FORMAT && elements == 7) && !(format == FORMAT_DATA_FILE && elements == 9)) {
      throw new BundleStoreException(
          "record format " + format + " with " + elements + " elements is not 1 (7) or 2 (9)");
    }
    long receivedAt = r.readUnsigned();
    EndpointId receivedFrom = EndpointId.readFrom(r);
    Set<RetentionConstraint> constraints = constraints(r.readUnsigned());
    long length = r.readUnsigned();
    int crc32c = (int) r.readUnsigned(0xFFFF_FFFFL, "CRC32C");
    long file = r.readUnsigned();
    long dataLength = -1;
    int dataCrc = 0;
    if (format == FORMAT_DATA_FILE) {
      dataLength = r.readUnsigned(Long.MAX_VALUE, "data length");
      dataCrc = (int) r.readUnsigned(0xFFFF_FFFFL, "data CRC32C");
    }
    return new BundleRecord(
        new BundleMetadata(receivedAt, receivedFrom, constraints),
        length,
        crc32c,
        file,
        dataLength,
        dataCrc);
  }

  /**
   * The metadata map's key for a bundle ID: the CBOR array [source, time, sequence(, offset,
   * length)].
   */
  static byte[] key(BundleId id) {
    ByteBuf out = CborWriter.newHeapBuffer(32);
    CborWriter.writeArrayHeader(out, id.fragment() ? 5 : 3);
    id.source().writeTo(out);
    CborWriter.writeUnsigned(out, id.creationTimestamp().creationTimeMillis());
    CborWriter.writeUnsigned(out, id.creationTimestamp().sequenceNumber());
    if (id.fragment()) {
      CborWriter.writeUnsigned(out, id.fragmentOffset());
      CborWriter.writeUnsigned(out, id.fragmentLength());
    }
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  private static long bits(Set<RetentionConstraint> constraints) {
    long bits = 0;
    for (RetentionConstraint c : constraints) {
      bits |= bit(c);
    }
    return bits;
  }

  /** The stored bit of each constraint: fixed, whatever the enum's order. */
  private static long bit(RetentionConstraint c) {
    return switch (c) {
      case DISPATCH_PENDING -> 1;
      case FORWARD_PENDING -> 2;
      case REASSEMBLY_PENDING -> 4;
    };
  }

  private static Set<RetentionConstraint> constraints(long bits) {
    Set<RetentionConstraint> set = EnumSet.noneOf(RetentionConstraint.class);
    long known = 0;
    for (RetentionConstraint c : RetentionConstraint.values()) {
      known |= bit(c);
      if ((bits & bit(c)) != 0) {
        set.add(c);
      }
    }
    if ((bits & ~known) != 0) {
      throw new BundleStoreException("unknown retention constraint bits " + Long.toHexString(bits));
    }
    return set;
  }
}
