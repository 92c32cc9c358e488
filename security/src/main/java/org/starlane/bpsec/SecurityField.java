package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;

/**
 * A security context parameter or a security result (RFC 9172 §3.6, §3.10): an identifier and a
 * value, on the wire the 2-tuple {@code [id, value]}. The value is kept as its CBOR encoding, so a
 * parameter of a context this node does not know survives a round trip byte for byte; the accessors
 * decode the two shapes RFC 9173 uses (unsigned integer, byte string).
 *
 * <pre>
 *   +---------------------+-------------------------+
 *   | id: CBOR uint       | value: one CBOR item    |
 *   +---------------------+-------------------------+
 * </pre>
 *
 * @param id parameter or result identifier (unsigned)
 * @param encodedValue the CBOR encoding of exactly one well-formed item (copied)
 */
public record SecurityField(long id, byte[] encodedValue) {

  /** Validates that {@code encodedValue} is exactly one well-formed CBOR item. */
  public SecurityField {
    encodedValue = encodedValue.clone();
    ByteBuf buf = Unpooled.wrappedBuffer(encodedValue);
    try {
      new CborReader(buf, CborLimits.DEFAULT).skipItem();
    } catch (CborException e) {
      throw new IllegalArgumentException("value of field " + id + " is not one CBOR item", e);
    }
    if (buf.isReadable()) {
      throw new IllegalArgumentException(
          "value of field " + id + " has " + buf.readableBytes() + " bytes after one CBOR item");
    }
  }

  /** Ids and values below this are encoded once and shared (records are immutable). */
  private static final int SHARED = 24;

  private static final SecurityField[][] SMALL_UNSIGNED = new SecurityField[SHARED][SHARED];

  static {
    for (int id = 0; id < SHARED; id++) {
      for (int v = 0; v < SHARED; v++) {
        SMALL_UNSIGNED[id][v] = new SecurityField(id, new byte[] {(byte) v});
      }
    }
  }

  /** A field whose value is a CBOR unsigned integer. */
  public static SecurityField ofUnsigned(long id, long value) {
    if (id >= 0 && id < SHARED && value >= 0 && value < SHARED) {
      return SMALL_UNSIGNED[(int) id][(int) value];
    }
    ByteBuf out = Unpooled.buffer(9);
    CborWriter.writeUnsigned(out, value);
    return new SecurityField(id, Arrays.copyOf(out.array(), out.writerIndex()));
  }

  /** A field whose value is a CBOR byte string. */
  public static SecurityField ofBytes(long id, byte[] value) {
    int header = CborWriter.headerSize(value.length);
    ByteBuf out = Unpooled.wrappedBuffer(new byte[header + value.length]).clear();
    CborWriter.writeByteString(out, value);
    return new SecurityField(id, out.array());
  }

  @Override
  public byte[] encodedValue() {
    return encodedValue.clone();
  }

  /** Writes the 2-tuple {@code [id, value]}. */
  void writeTo(ByteBuf out) {
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, id);
    out.writeBytes(encodedValue);
  }

  /**
   * The value as an unsigned integer.
   *
   * @throws BpsecException (block unintelligible) if it is not one, naming {@code what}
   */
  public long asUnsigned(String what) {
    try {
      CborReader in = new CborReader(Unpooled.wrappedBuffer(encodedValue), CborLimits.DEFAULT);
      return in.readUnsigned();
    } catch (CborException e) {
      throw BpsecException.unintelligible(
          what + " (id " + id + ") must be a CBOR unsigned integer: " + e.getMessage());
    }
  }

  /**
   * The value as the content of a byte string.
   *
   * @throws BpsecException (block unintelligible) if it is not one, naming {@code what}
   */
  public byte[] asBytes(String what) {
    try {
      CborReader in = new CborReader(Unpooled.wrappedBuffer(encodedValue), CborLimits.DEFAULT);
      return in.readByteString();
    } catch (CborException e) {
      throw BpsecException.unintelligible(
          what + " (id " + id + ") must be a CBOR byte string: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecurityField f
        && f.id == id
        && Arrays.equals(f.encodedValue, encodedValue);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + Arrays.hashCode(encodedValue);
  }

  @Override
  public String toString() {
    return "[" + Long.toUnsignedString(id) + ", h'" + HexFormat.of().formatHex(encodedValue) + "']";
  }
}
