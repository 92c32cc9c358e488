package org.starlane.bp.eid;

import io.netty.buffer.ByteBuf;

/**
 * The null endpoint {@code dtn:none} (RFC 9171 §4.2.5.1.1): the source of anonymous bundles, "no
 * report-to".
 */
public final class DtnNone implements EndpointId {
  static final DtnNone INSTANCE = new DtnNone();

  private DtnNone() {}

  @Override
  public int schemeCode() {
    return SCHEME_DTN;
  }

  @Override
  public boolean isNull() {
    return true;
  }

  @Override
  public boolean isNodeId() {
    return false;
  }

  @Override
  public EndpointId nodeId() {
    throw new IllegalStateException("dtn:none names no node");
  }

  @Override
  public void writeTo(ByteBuf out) {
    EndpointId.writeNone(out);
  }

  @Override
  public String toString() {
    return "dtn:none";
  }
}
