package org.starlane.cl.tcpcl;

import java.util.Optional;

/** MSG_REJECT reason codes (RFC 9174 §5.1.2, Table 4). */
public enum MsgRejectReason {
  /** 0x01: a message was received with a message type code unknown to the entity. */
  MESSAGE_TYPE_UNKNOWN(0x01),
  /** 0x02: the entity cannot comply with the message contents. */
  MESSAGE_UNSUPPORTED(0x02),
  /** 0x03: the message is not expected in the current session state. */
  MESSAGE_UNEXPECTED(0x03);

  private final int code;

  MsgRejectReason(int code) {
    this.code = code;
  }

  /** The one-octet code on the wire. */
  public int code() {
    return code;
  }

  /** The reason for {@code code}, empty for a code RFC 9174 does not define. */
  public static Optional<MsgRejectReason> of(int code) {
    for (MsgRejectReason r : values()) {
      if (r.code == code) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
