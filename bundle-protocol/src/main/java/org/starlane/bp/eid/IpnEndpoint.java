package org.starlane.bp.eid;

import io.netty.buffer.ByteBuf;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;

/**
 * An {@code ipn} scheme endpoint (RFC 9171 §4.2.5.1.2 as updated by RFC 9758): allocator
 * identifier, node number, service number.
 *
 * <p>Text (RFC 9758 §4): {@code ipn:N.S} when the allocator is 0 and the EID uses the two-element
 * CBOR form, else {@code ipn:A.N.S}; the local node 0.(2<sup>32</sup>-1) is written {@code ipn:!.S}
 * (RFC 9758 §3.4.2). Numbers are decimal without leading zeros. Parsing {@code ipn:N.S} or {@code
 * ipn:!.S} gives the two-element form, {@code ipn:A.N.S} (even {@code ipn:0.N.S}) the three-element
 * form, so text and CBOR forms correspond wherever the text can say it.
 *
 * <p>CBOR (RFC 9758 §6): {@code elements} records the form, 2 for {@code [FQNN, S]} (FQNN =
 * allocator &lt;&lt; 32 | node, §6.1.1, the same bytes as RFC 9171 when the allocator is 0), 3 for
 * {@code [A, N, S]} (§6.1.2). A decoded EID keeps the form it arrived in, so re-encoding a primary
 * block is byte-identical; the form does not take part in {@link #equals}: {@code ipn:1.2} is the
 * same endpoint in either form.
 *
 * <pre>
 *   ipn:977000.1       82 02 82 1a 000ee868 01
 *   ipn:977000.100.1   82 02 83 1a 000ee868 18 64 01            (three elements)
 *   ipn:977000.100.1   82 02 82 1b 000ee868 00000064 01         (two elements: FQNN)
 * </pre>
 *
 * <p>The null node: every EID whose FQNN is 0.0 is the null endpoint (RFC 9758 §3.4.1, §5.2; {@code
 * ipn:0.S} with S &ne; 0 is not a valid EID, but RFC 9758 asks that it be treated as the null
 * endpoint rather than rejected), so {@link #isNull()} is true for it and it names no node.
 *
 * @param allocator allocator identifier, 0..2^32-1 (0: the default allocator)
 * @param node node number, 0..2^32-1 (0: the null node; 2^32-1 under allocator 0: the local node)
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

  /**
   * Parses {@code ipn:N.S}, {@code ipn:!.S} (two CBOR elements) or {@code ipn:A.N.S} (three), per
   * the RFC 9758 §4 syntax: every number is {@code "0"} or a decimal without leading zeros, and
   * {@code !} stands for the whole FQNN 0.(2^32-1), so {@code ipn:0.!.S} is not valid.
   */
  static IpnEndpoint parseSsp(String text, String ssp) {
    String[] parts = ssp.split("\\.", -1);
    if (parts.length != 2 && parts.length != 3) {
      throw new EndpointIdFormatException(
          "'" + text + "' is not an ipn endpoint ID: expected ipn:N.S or ipn:A.N.S");
    }
    int n = parts.length;
    long allocator = n == 3 ? parseNumber(text, parts[0], "allocator identifier", MAX_NUMBER) : 0;
    long node =
        n == 2 && parts[0].equals("!")
            ? LOCAL_NODE
            : parseNumber(text, parts[n - 2], "node number", MAX_NUMBER);
    long service = parseNumber(text, parts[n - 1], "service number", -1L);
    return new IpnEndpoint(allocator, node, service, n);
  }

  private static long parseNumber(String text, String digits, String what, long max) {
    if (digits.isEmpty() || !isAsciiDigits(digits)) {
      throw new EndpointIdFormatException(
          "'" + text + "': " + what + " '" + digits + "' is not a decimal number");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new EndpointIdFormatException(
          "'" + text + "': " + what + " '" + digits + "' has a leading zero");
    }
    long value;
    try {
      value = Long.parseUnsignedLong(digits);
    } catch (NumberFormatException e) {
      throw new EndpointIdFormatException(
          "'" + text + "': " + what + " " + digits + " is above 2^64-1");
    }
    if (Long.compareUnsigned(value, max) > 0) {
      throw new EndpointIdFormatException(
          "'" + text + "': " + what + " " + digits + " is above " + Long.toUnsignedString(max));
    }
    return value;
  }

  /** Only ASCII '0'..'9': {@link Character#isDigit} would also take other scripts' digits. */
  private static boolean isAsciiDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the SSP of an ipn EID (RFC 9758 §6.2): {@code [FQNN, S]}, whose FQNN splits into the
   * allocator (high 32 bits) and node (low 32 bits), or {@code [A, N, S]} with A and N at most
   * 2^32-1.
   */
  static IpnEndpoint readSsp(CborReader in) {
    int start = in.offset();
    int length = in.readArrayHeader();
    if (length == CborReader.INDEFINITE) {
      // RFC 9171 §4.1 does not prohibit indefinite-length items: count the elements as they come.
      long first = in.readUnsigned();
      long second = in.readUnsigned();
      if (in.readBreakIfPresent()) {
        return new IpnEndpoint(first >>> 32, first & MAX_NUMBER, second, 2);
      }
      long service = in.readUnsigned();
      int at = in.offset();
      if (!in.readBreakIfPresent()) {
        throw new CborException("ipn SSP array has more than 3 elements", at);
      }
      if (first > MAX_NUMBER || second > MAX_NUMBER || first < 0 || second < 0) {
        throw new CborException(
            "ipn allocator identifier and node number must not exceed " + MAX_NUMBER, start);
      }
      return new IpnEndpoint(first, second, service, 3);
    }
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
        "ipn SSP must be an array of 2 or 3 unsigned integers, found " + length + " elements",
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

  /** Whether the FQNN is 0.0, the null node (RFC 9758 §3.4.1): any service on it is null. */
  @Override
  public boolean isNull() {
    return allocator == 0 && node == 0;
  }

  /**
   * Whether this is {@code ipn:!.S}, an EID of the local node (RFC 9758 §3.4.2), which is only
   * meaningful inside one node: §5.4 has bundles that arrive from elsewhere with a LocalNode source
   * or destination discarded.
   */
  public boolean isLocalNode() {
    return allocator == 0 && node == LOCAL_NODE;
  }

  /**
   * Whether this is the administrative endpoint {@code ipn:N.0} of a node (RFC 9171 §4.2.5.1.2);
   * false for the null node, which has no members.
   */
  @Override
  public boolean isNodeId() {
    return service == 0 && !isNull();
  }

  /**
   * The node's administrative endpoint {@code ipn:[A.]N.0}, in the same CBOR form.
   *
   * @throws IllegalStateException for the null node {@code ipn:0.S}, which names no node
   */
  @Override
  public IpnEndpoint nodeId() {
    if (isNull()) {
      throw new IllegalStateException(this + " is the null endpoint and names no node");
    }
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

  /**
   * The RFC 9758 §4 text form: {@code ipn:!.S} for the local node, {@code ipn:N.S} for allocator 0
   * in the two-element form, else {@code ipn:A.N.S}.
   */
  @Override
  public String toString() {
    String serviceText = Long.toUnsignedString(service);
    if (isLocalNode()) {
      return "ipn:!." + serviceText;
    }
    if (allocator == 0 && elements == 2) {
      return "ipn:" + node + "." + serviceText;
    }
    return "ipn:" + allocator + "." + node + "." + serviceText;
  }
}
