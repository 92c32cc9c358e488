package org.starlane.bp.eid;

import io.netty.buffer.ByteBuf;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;

/**
 * An {@code ipn} scheme endpoint (RFC 9171 §4.2.5.1.2 as updated by RFC 9758): allocator
 * identifier, node number, service number. The text form is {@code ipn:N.S} when the allocator is
 * 0, else {@code ipn:A.N.S}; the local-node number 2<sup>32</sup>-1 is written {@code ipn:!.S}.
 *
 * <p>{@code elements} records the CBOR form: 2 for {@code [FQNN, S]} (FQNN = allocator &lt;&lt; 32
 * | node), 3 for {@code [A, N, S]}. A decoded EID keeps the form it arrived in so re-encoding is
 * byte-identical; the form does not take part in {@link #equals}: {@code ipn:1.2} is the same
 * endpoint in either form.
 *
 * @param allocator allocator identifier, 0..2^32-1 (0: the default allocator)
 * @param node node number, 0..2^32-1 (0: the null node; 2^32-1: the local node)
 * @param service service number, any unsigned 64-bit value (stored as a long, read it unsigned)
 * @param elements 2 or 3, the CBOR encoding form
 */
public record IpnEndpoint(long allocator, long node, long service, int elements)
    implements EndpointId {

  /** The largest allocator identifier or node number: 2^32-1. */
  public static final long MAX_NUMBER = 0xffff_ffffL;

  /** RFC 9758's local-node number, written {@code !} in text. */
  public static final long LOCAL_NODE = MAX_NUMBER;

  public IpnEndpoint {
    if (allocator < 0 || allocator > MAX_NUMBER) {
      throw new EndpointIdFormatException(
          "ipn allocator identifier " + allocator + " outside 0.." + MAX_NUMBER);
    }
    if (node < 0 || node > MAX_NUMBER) {
      throw new EndpointIdFormatException("ipn node number " + node + " outside 0.." + MAX_NUMBER);
    }
    if (elements != 2 && elements != 3) {
      throw new EndpointIdFormatException(
          "ipn CBOR form must have 2 or 3 elements, not " + elements);
    }
  }

  static IpnEndpoint parseSsp(String text, String ssp) {
    String[] parts = ssp.split("\\.", -1);
    if (parts.length != 2 && parts.length != 3) {
      throw new EndpointIdFormatException(
          "'" + text + "' is not an ipn endpoint ID: expected ipn:N.S or ipn:A.N.S");
    }
    int n = parts.length;
    long allocator = n == 3 ? parseNumber(text, parts[0], "allocator identifier", MAX_NUMBER) : 0;
    long node =
        parts[n - 2].equals("!") && allocator == 0
            ? LOCAL_NODE
            : parseNumber(text, parts[n - 2], "node number", MAX_NUMBER);
    long service = parseNumber(text, parts[n - 1], "service number", -1L);
    return new IpnEndpoint(allocator, node, service, 2);
  }

  private static long parseNumber(String text, String digits, String what, long max) {
    if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(Character::isDigit)) {
      throw new EndpointIdFormatException(
          "'" + text + "' has an invalid " + what + " '" + digits + "'");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new EndpointIdFormatException(
          "'" + text + "' has a " + what + " with a leading zero: '" + digits + "'");
    }
    long value;
    try {
      value = Long.parseUnsignedLong(digits);
    } catch (NumberFormatException e) {
      throw new EndpointIdFormatException(
          "'" + text + "' has a " + what + " above 2^64-1: '" + digits + "'");
    }
    if (Long.compareUnsigned(value, max) > 0) {
      throw new EndpointIdFormatException(
          "'" + text + "' has a " + what + " " + digits + " above " + Long.toUnsignedString(max));
    }
    return value;
  }

  /** Reads the SSP of an ipn EID: {@code [FQNN, S]} or {@code [A, N, S]}. */
  static IpnEndpoint readSsp(CborReader in) {
    int start = in.offset();
    int length = in.readArrayHeader();
    if (length == 2) {
      long fqnn = in.readUnsigned();
      long service = in.readUnsigned();
      return new IpnEndpoint(fqnn >>> 32, fqnn & MAX_NUMBER, service, 2);
    }
    if (length == 3) {
      long allocator = in.readUnsigned(MAX_NUMBER, "ipn allocator identifier");
      long node = in.readUnsigned(MAX_NUMBER, "ipn node number");
      long service = in.readUnsigned();
      return new IpnEndpoint(allocator, node, service, 3);
    }
    throw new CborException(
        "ipn SSP must be an array of 2 or 3 unsigned integers, found "
            + (length == CborReader.INDEFINITE
                ? "an indefinite-length array"
                : length + " elements"),
        start);
  }

  /** The same endpoint in the other CBOR form (2 or 3 elements). */
  public IpnEndpoint withElements(int count) {
    return count == elements ? this : new IpnEndpoint(allocator, node, service, count);
  }

  /** The 64-bit fully qualified node number {@code allocator << 32 | node} (RFC 9758). */
  public long fullyQualifiedNodeNumber() {
    return allocator << 32 | node;
  }

  @Override
  public int schemeCode() {
    return SCHEME_IPN;
  }

  @Override
  public boolean isNull() {
    return allocator == 0 && node == 0;
  }

  @Override
  public boolean isNodeId() {
    return service == 0;
  }

  @Override
  public IpnEndpoint nodeId() {
    return service == 0 ? this : new IpnEndpoint(allocator, node, 0, elements);
  }

  @Override
  public void writeTo(ByteBuf out) {
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, SCHEME_IPN);
    CborWriter.writeArrayHeader(out, elements);
    if (elements == 2) {
      CborWriter.writeUnsigned(out, fullyQualifiedNodeNumber());
    } else {
      CborWriter.writeUnsigned(out, allocator);
      CborWriter.writeUnsigned(out, node);
    }
    CborWriter.writeUnsigned(out, service);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpnEndpoint other
        && allocator == other.allocator
        && node == other.node
        && service == other.service;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fullyQualifiedNodeNumber() * 31 + service);
  }

  @Override
  public String toString() {
    String nodeText = node == LOCAL_NODE && allocator == 0 ? "!" : Long.toString(node);
    String prefix = allocator == 0 ? "ipn:" : "ipn:" + allocator + ".";
    return prefix + nodeText + "." + Long.toUnsignedString(service);
  }
}
