package org.starlane.bpsec;

import java.util.Objects;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * A pattern over endpoint IDs for security policy rules: {@code *} (any), {@code ipn:N.*} (any
 * service on node N), {@code dtn://node/*} (any demux on a dtn node), or one exact EID. Immutable
 * and thread-safe.
 *
 * @param text the pattern as written in the policy
 */
public record EidPattern(String text) {
  public static final EidPattern ANY = new EidPattern("*");

  public EidPattern {
    Objects.requireNonNull(text, "text");
    text = text.strip();
    if (!text.equals("*")) {
      try {
        if (text.startsWith("ipn:") && text.endsWith(".*")) {
          EndpointId.parse(text.substring(0, text.length() - 2) + ".0");
        } else if (text.startsWith("dtn://") && text.endsWith("/*")) {
          EndpointId.parse(text.substring(0, text.length() - 1));
        } else {
          EndpointId.parse(text);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("EID pattern '" + text + "': " + e.getMessage(), e);
      }
    }
  }

  /** Whether {@code eid} matches. */
  public boolean matches(EndpointId eid) {
    if (text.equals("*")) {
      return true;
    }
    if (text.endsWith(".*") && text.startsWith("ipn:")) {
      return eid instanceof IpnEndpoint
          && !eid.isNull()
          && eid.nodeId().equals(EndpointId.parse(text.substring(0, text.length() - 2) + ".0"));
    }
    if (text.endsWith("/*") && text.startsWith("dtn://")) {
      return eid instanceof DtnEndpoint d
          && d.nodeId().equals(EndpointId.parse(text.substring(0, text.length() - 1)));
    }
    return eid.equals(EndpointId.parse(text));
  }

  @Override
  public String toString() {
    return text;
  }
}
