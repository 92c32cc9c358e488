package org.starlane.cl.tcpcl;

/** XFER_REFUSE reason codes (RFC 9174 §5.2.4, Table 6). */
public enum XferRefuseReason {
  /** 0x00: the reason for refusal is unknown or not specified. */
  UNKNOWN(0x00),
  /** 0x01: the receiver already has the complete bundle. */
  COMPLETED(0x01),
  /** 0x02: the receiver's resources are exhausted; reactive fragmentation is advised. */
  NO_RESOURCES(0x02),
  /** 0x03: the receiver needs the bundle to be retransmitted. */
  RETRANSMIT(0x03),
  /** 0x04: some issue with the bundle data or transfer extension data; do not retry as is. */
  NOT_ACCEPTABLE(0x04),
  /** 0x05: a failure processing the transfer extension items. */
  EXTENSION_FAILURE(0x05),
  /** 0x06: the receiver is terminating the session; retry later in another session. */
  SESSION_TERMINATING(0x06);

  private static final XferRefuseReason[] BY_CODE = values();

  private final int code;

  XferRefuseReason(int code) {
    this.code = code;
  }

  /** The one-octet code on the wire. */
  public int code() {
    return code;
  }

  /** The reason for {@code code}; a code this entity cannot decode is {@link #UNKNOWN} (§5.2.4). */
  public static XferRefuseReason of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
  }
}
