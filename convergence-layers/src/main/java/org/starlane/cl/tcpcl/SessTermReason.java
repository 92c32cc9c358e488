package org.starlane.cl.tcpcl;

/** SESS_TERM reason codes (RFC 9174 §6.1, Table 9). */
public enum SessTermReason {
  /** 0x00: a termination reason is not available. */
  UNKNOWN(0x00),
  /** 0x01: the session is being terminated due to idleness. */
  IDLE_TIMEOUT(0x01),
  /** 0x02: the entity cannot conform to the specified TCPCL protocol version. */
  VERSION_MISMATCH(0x02),
  /** 0x03: the entity is too busy to handle the current session. */
  BUSY(0x03),
  /** 0x04: the entity cannot interpret or negotiate a contact header or SESS_INIT option. */
  CONTACT_FAILURE(0x04),
  /** 0x05: the entity has run into some resource limit and cannot continue the session. */
  RESOURCE_EXHAUSTION(0x05);

  private static final SessTermReason[] BY_CODE = values();

  private final int code;

  SessTermReason(int code) {
    this.code = code;
  }

  /** The one-octet code on the wire. */
  public int code() {
    return code;
  }

  /** The reason for {@code code}; a code this entity cannot decode is {@link #UNKNOWN} (§6.1). */
  public static SessTermReason of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
  }
}
