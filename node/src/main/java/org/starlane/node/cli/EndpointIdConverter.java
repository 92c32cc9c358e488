package org.starlane.node.cli;

import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.EndpointIdFormatException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an endpoint ID option ({@code dtn:none}, {@code dtn://node/demux}, {@code ipn:N.S}; RFC
 * 9171 §4.2.5.1, RFC 9758) with {@link EndpointId#parse}; a bad one is a usage error that says why.
 */
public final class EndpointIdConverter implements ITypeConverter<EndpointId> {
  @Override
  public EndpointId convert(String value) {
    try {
      return EndpointId.parse(value);
    } catch (EndpointIdFormatException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
