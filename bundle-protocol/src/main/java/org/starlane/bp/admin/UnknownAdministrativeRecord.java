package org.starlane.bp.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;

/**
 * An administrative record of a type this node does not decode (RFC 9171 §6.1: "additional types of
 * administrative records may be defined by supplementary DTN protocol specification documents"),
 * for example a BIBE PDU (3) or custody signal (4) until those are implemented. The content is kept
 * as the exact CBOR bytes it arrived in, so the record re-encodes byte for byte. Immutable (the
 * content is copied in and out) and thread-safe.
 *
 * @param typeCode the record type code (unsigned); never a type this node decodes
 * @param content the CBOR encoding of the record content: exactly one well-formed CBOR item
 */
public record UnknownAdministrativeRecord(long typeCode, byte[] content)
    implements AdministrativeRecord {

  /** Generous limits for checking content built in memory (decoded content met the decoder's). */
  private static final CborLimits CONTENT_CHECK =
      new CborLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 256);

  /**
   * @throws IllegalArgumentException if {@code typeCode} is a type this node decodes (use its own
   *     class), or {@code content} is not exactly one well-formed CBOR item
   */
  public UnknownAdministrativeRecord {
    if (typeCode == BUNDLE_STATUS_REPORT) {
      throw new IllegalArgumentException(
          "record type 1 is a bundle status report: use BundleStatusReport");
    }
    content = content.clone();
    ByteBuf buf = Unpooled.wrappedBuffer(content);
    try {
      new CborReader(buf, CONTENT_CHECK).skipItem();
    } catch (CborException e) {
      throw new IllegalArgumentException(
          "record content is not well-formed CBOR: " + e.getMessage());
    }
    if (buf.isReadable()) {
      throw new IllegalArgumentException(
          "record content must be one CBOR item, but "
              + buf.readableBytes()
              + " bytes follow it at byte offset "
              + buf.readerIndex());
    }
  }

  /** A copy of the content's CBOR bytes. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public void writeContentTo(ByteBuf out) {
    out.writeBytes(content);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownAdministrativeRecord other
        && typeCode == other.typeCode
        && Arrays.equals(content, other.content);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(typeCode) * 31 + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    int shown = Math.min(content.length, 32);
    return "UnknownAdministrativeRecord[type "
        + Long.toUnsignedString(typeCode)
        + ", content "
        + HexFormat.of().formatHex(content, 0, shown)
        + (shown < content.length ? "... (" + content.length + " bytes)" : "")
        + "]";
  }
}
