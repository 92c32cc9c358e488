package org.starlane.bp.eid;

import io.netty.buffer.ByteBuf;
import org.starlane.bp.cbor.CborWriter;

/**
 * A {@code dtn} scheme endpoint {@code dtn://node-name/demux} (RFC 9171 §4.2.5.1.1). A demux that
 * starts with {@code ~} names a non-singleton endpoint. The node ID is {@code dtn://node-name/}
 * (empty demux).
 *
 * @param nodeName the node name: a non-empty RFC 3986 reg-name (unreserved, sub-delims, and {@code
 *     %} followed by two hex digits)
 * @param demux the demultiplexing token: zero or more visible ASCII characters
 */
public record DtnEndpoint(String nodeName, String demux) implements EndpointId {

  public DtnEndpoint {
    if (nodeName.isEmpty()) {
      throw new EndpointIdFormatException("dtn endpoint ID has an empty node name");
    }
    for (int i = 0; i < nodeName.length(); i++) {
      char c = nodeName.charAt(i);
      if (c == '%') {
        if (i + 2 >= nodeName.length()
            || !isHexDigit(nodeName.charAt(i + 1))
            || !isHexDigit(nodeName.charAt(i + 2))) {
          throw new EndpointIdFormatException(
              "dtn node name '"
                  + nodeName
                  + "' has a '%' at index "
                  + i
                  + " that two hex digits do not follow");
        }
        i += 2;
      } else if (!isRegNameChar(c)) {
        throw new EndpointIdFormatException(
            "dtn node name '" + nodeName + "' has an invalid character '" + c + "' at index " + i);
      }
    }
    for (int i = 0; i < demux.length(); i++) {
      char c = demux.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new EndpointIdFormatException(
            "dtn demux '" + demux + "' has a character that is not visible ASCII at index " + i);
      }
    }
  }

  static DtnEndpoint parseSsp(String text, String ssp) {
    if (!ssp.startsWith("//")) {
      throw new EndpointIdFormatException(
          "'" + text + "' is not a dtn endpoint ID: expected dtn:none or dtn://node/demux");
    }
    int slash = ssp.indexOf('/', 2);
    if (slash < 0) {
      throw new EndpointIdFormatException(
          "'" + text + "' has no '/' after the node name (a node ID is dtn://node/)");
    }
    return new DtnEndpoint(ssp.substring(2, slash), ssp.substring(slash + 1));
  }

  /** RFC 3986 §3.2.2 reg-name: unreserved / sub-delims (pct-encoded is checked by the caller). */
  private static boolean isRegNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=".indexOf(c) >= 0;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Whether the demux starts with {@code ~}: an endpoint that may have several nodes (RFC 9171
   * §4.2.5.1.1).
   */
  public boolean isNonSingleton() {
    return demux.startsWith("~");
  }

  @Override
  public int schemeCode() {
    return SCHEME_DTN;
  }

  @Override
  public boolean isNull() {
    return false;
  }

  @Override
  public boolean isNodeId() {
    return demux.isEmpty();
  }

  @Override
  public DtnEndpoint nodeId() {
    return isNodeId() ? this : new DtnEndpoint(nodeName, "");
  }

  @Override
  public void writeTo(ByteBuf out) {
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, SCHEME_DTN);
    CborWriter.writeTextString(out, "//" + nodeName + "/" + demux);
  }

  @Override
  public String toString() {
    return "dtn://" + nodeName + "/" + demux;
  }
}
