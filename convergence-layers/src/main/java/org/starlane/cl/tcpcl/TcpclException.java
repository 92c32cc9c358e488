package org.starlane.cl.tcpcl;

import java.util.Optional;
import org.starlane.bp.DtnException;

/**
 * A TCPCLv4 protocol fault (RFC 9174), carrying the protocol's own answer to it: the {@link
 * MsgRejectReason} to send in a MSG_REJECT (§5.1.2) for the offending message, and the {@link
 * SessTermReason} to end the session with (§6.1). A fault with neither answer (an invalid contact
 * header magic, §4.3; a failed TLS handshake, §4.4.3) closes the TCP connection without a word.
 *
 * <p>Immutable, thread-safe.
 */
public final class TcpclException extends DtnException {
  private static final long serialVersionUID = 1L;

  private final transient SessTermReason sessTermReason;
  private final transient MsgRejectReason rejectReason;
  private final int rejectedMessageType;

  private TcpclException(
      String message,
      SessTermReason sessTermReason,
      MsgRejectReason rejectReason,
      int rejectedMessageType) {
    super(message);
    this.sessTermReason = sessTermReason;
    this.rejectReason = rejectReason;
    this.rejectedMessageType = rejectedMessageType;
  }

  /** A fault answered by closing the TCP connection, without SESS_TERM (RFC 9174 §4.3, §6.1). */
  public static TcpclException closeConnection(String message) {
    return new TcpclException(message, null, null, -1);
  }

  /** A fault answered by SESS_TERM with {@code reason}, then closing the connection. */
  public static TcpclException terminate(SessTermReason reason, String message) {
    return new TcpclException(message, reason, null, -1);
  }

  /**
   * A fault answered by MSG_REJECT of message type {@code rejectedMessageType} with {@code
   * rejectReason}, then (if {@code sessTermReason} is not null) SESS_TERM and closing.
   */
  public static TcpclException reject(
      MsgRejectReason rejectReason,
      int rejectedMessageType,
      SessTermReason sessTermReason,
      String message) {
    if (rejectedMessageType < 0 || rejectedMessageType > 0xFF) {
      throw new IllegalArgumentException("message type " + rejectedMessageType + " is not a u8");
    }
    return new TcpclException(message, sessTermReason, rejectReason, rejectedMessageType);
  }

  /** The SESS_TERM reason to end the session with, if the session ends with SESS_TERM. */
  public Optional<SessTermReason> sessTermReason() {
    return Optional.ofNullable(sessTermReason);
  }

  /** The MSG_REJECT reason to answer the offending message with, if any. */
  public Optional<MsgRejectReason> rejectReason() {
    return Optional.ofNullable(rejectReason);
  }

  /** The message type code the MSG_REJECT copies, or -1 if there is no MSG_REJECT. */
  public int rejectedMessageType() {
    return rejectedMessageType;
  }
}
