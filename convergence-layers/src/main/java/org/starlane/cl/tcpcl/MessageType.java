package org.starlane.cl.tcpcl;

import java.util.Optional;

/** TCPCLv4 message type codes, the one-octet message header (RFC 9174 §4.5, Table 2, §8.5). */
public enum MessageType {
  /** 0x01: a segment of bundle data (§5.2.2). */
  XFER_SEGMENT(0x01),
  /** 0x02: acknowledges reception of a data segment (§5.2.3). */
  XFER_ACK(0x02),
  /** 0x03: the transmission of the current bundle shall be stopped (§5.2.4). */
  XFER_REFUSE(0x03),
  /** 0x04: keeps the session active (§5.1.1). */
  KEEPALIVE(0x04),
  /** 0x05: one entity wishes to cleanly terminate the session (§6.1). */
  SESS_TERM(0x05),
  /** 0x06: a message rejection (§5.1.2). */
  MSG_REJECT(0x06),
  /** 0x07: the session parameter inputs from one entity (§4.6). */
  SESS_INIT(0x07);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The one-octet code on the wire. */
  public int code() {
    return code;
  }

  /** The type for {@code code}, empty for a code RFC 9174 does not define. */
  public static Optional<MessageType> of(int code) {
    return code >= 1 && code <= 7 ? Optional.of(values()[code - 1]) : Optional.empty();
  }
}
