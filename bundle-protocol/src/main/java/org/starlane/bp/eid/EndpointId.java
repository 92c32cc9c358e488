package org.starlane.bp.eid;

import io.netty.buffer.ByteBuf;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;

/**
 * A bundle endpoint identifier (RFC 9171 §4.2.5.1): {@code dtn:none}, a {@code dtn} URI ({@code
 * dtn://node/demux}) or an {@code ipn} URI ({@code ipn:N.S}, or the three-element {@code ipn:A.N.S}
 * of RFC 9758).
 *
 * <p>Values are valid by construction: {@link #parse(String)} and {@link #readFrom(CborReader)}
 * either return a valid value or throw. On the wire an EID is a two-element CBOR array {@code
 * [scheme code, SSP]}:
 *
 * <pre>
 *   dtn:none           [1, 0]
 *   dtn://node/demux   [1, "//node/demux"]
 *   ipn:N.S            [2, [FQNN, S]]      FQNN = allocator &lt;&lt; 32 | node (RFC 9758 §6.1.1)
 *   ipn:A.N.S          [2, [A, N, S]]      three-element form (RFC 9758 §6.1.2)
 * </pre>
 *
 * <p>A decoded {@code ipn} EID keeps the CBOR form it arrived in (see {@link IpnEndpoint}), so an
 * unchanged EID re-encodes to the same bytes.
 */
public sealed interface EndpointId permits DtnNone, DtnEndpoint, IpnEndpoint {

  /** URI scheme code of {@code dtn} (RFC 9171 §9.6). */
  int SCHEME_DTN = 1;

  /** URI scheme code of {@code ipn} (RFC 9171 §9.6). */
  int SCHEME_IPN = 2;

  /** The null endpoint {@code dtn:none}. */
  EndpointId NONE = DtnNone.INSTANCE;

  /** The URI scheme code of this EID. */
  int schemeCode();

  /**
   * Whether this is the null endpoint: {@code dtn:none} (RFC 9171 §4.2.5.1.1), or an {@code ipn}
   * EID on the null node {@code ipn:0.S} for any S (RFC 9758 §3.4.1, §5.2: equivalent to {@code
   * dtn:none}).
   */
  boolean isNull();

  /**
   * Whether this EID is a node ID (RFC 9171 §4.2.5.2): {@code ipn:[A.]N.0} or {@code dtn://node/};
   * never the null endpoint.
   */
  boolean isNodeId();

  /**
   * The node ID of the node this endpoint is on ({@code ipn:N.0} or {@code dtn://node/}).
   *
   * @throws IllegalStateException for the null endpoint ({@code dtn:none}, {@code ipn:0.S}), which
   *     names no node
   */
  EndpointId nodeId();

  /** The URI text form, for example {@code ipn:977.1}. */
  @Override
  String toString();

  /** Writes the CBOR form {@code [scheme code, SSP]}. */
  void writeTo(ByteBuf out);

  /**
   * Parses the URI text form.
   *
   * @throws EndpointIdFormatException if {@code text} is not a valid {@code dtn} or {@code ipn} EID
   */
  static EndpointId parse(String text) {
    if (text.startsWith("ipn:")) {
      return IpnEndpoint.parseSsp(text, text.substring(4));
    }
    if (text.equals("dtn:none")) {
      return NONE;
    }
    if (text.startsWith("dtn:")) {
      return DtnEndpoint.parseSsp(text, text.substring(4));
    }
    throw new EndpointIdFormatException(
        "'" + text + "' is not an endpoint ID: expected dtn:none, dtn://node/demux or ipn:N.S");
  }

  /** Shorthand for {@code ipn:node.service} (allocator 0) in the two-element CBOR form. */
  static IpnEndpoint ipn(long node, long service) {
    return new IpnEndpoint(0, node, service, 2);
  }

  /**
   * Reads the CBOR form {@code [scheme code, SSP]}.
   *
   * @throws CborException naming the problem and its offset
   */
  static EndpointId readFrom(CborReader in) {
    int arrayAt = in.offset();
    int length = in.readArrayHeader();
    if (length != CborReader.INDEFINITE && length != 2) {
      throw new CborException(
          "endpoint ID must be an array of 2 elements, found " + length + " elements", arrayAt);
    }
    EndpointId eid = readSchemeAndSsp(in);
    if (length == CborReader.INDEFINITE) {
      int at = in.offset();
      if (!in.readBreakIfPresent()) {
        throw new CborException("endpoint ID array has more than 2 elements", at);
      }
    }
    return eid;
  }

  private static EndpointId readSchemeAndSsp(CborReader in) {
    int schemeAt = in.offset();
    long scheme = in.readUnsigned();
    if (scheme == SCHEME_IPN) {
      return IpnEndpoint.readSsp(in);
    }
    if (scheme == SCHEME_DTN) {
      if (in.peekMajorType() == CborReader.MAJOR_UNSIGNED) {
        int at = in.offset();
        long value = in.readUnsigned();
        if (value != 0) {
          throw new CborException(
              "dtn scheme SSP integer must be 0 (dtn:none), found " + Long.toUnsignedString(value),
              at);
        }
        return NONE;
      }
      int at = in.offset();
      String ssp = in.readTextString();
      try {
        return DtnEndpoint.parseSsp("dtn:" + ssp, ssp);
      } catch (EndpointIdFormatException e) {
        throw new CborException(e.getMessage(), at);
      }
    }
    throw new CborException(
        "unsupported endpoint ID scheme code " + Long.toUnsignedString(scheme), schemeAt);
  }

  /** Writes {@code [1, 0]}, {@code dtn:none}. Shared by the implementations. */
  static void writeNone(ByteBuf out) {
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, SCHEME_DTN);
    CborWriter.writeUnsigned(out, 0);
  }
}
