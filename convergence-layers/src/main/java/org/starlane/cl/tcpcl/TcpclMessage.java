package org.starlane.cl.tcpcl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A TCPCLv4 message after the contact header: a one-octet message header (RFC 9174 §4.5) and its
 * body. Each record validates its fields; all are immutable. {@link TcpclFrames} reads and writes
 * them. Immutable, thread-safe.
 */
public sealed interface TcpclMessage
    permits TcpclMessage.SessInit,
        TcpclMessage.XferSegment,
        TcpclMessage.XferAck,
        TcpclMessage.XferRefuse,
        TcpclMessage.Keepalive,
        TcpclMessage.SessTerm,
        TcpclMessage.MsgReject {

  /** The message type of the header. */
  MessageType type();

  /**
   * SESS_INIT (§4.6), the session parameter inputs of one entity.
   *
   * <pre>
   * +-----------------------------+
   * |       Message Header        |  0x07
   * +-----------------------------+
   * |   Keepalive Interval (U16)  |  seconds, 0 disables KEEPALIVE
   * +-----------------------------+
   * |       Segment MRU (U64)     |
   * +-----------------------------+
   * |      Transfer MRU (U64)     |
   * +-----------------------------+
   * |     Node ID Length (U16)    |
   * +-----------------------------+
   * |    Node ID Data (variable)  |  UTF-8 URI, empty = no node ID
   * +-----------------------------+
   * |  Session Extension Items    |
   * |       Length (U32)          |
   * +-----------------------------+
   * |  Session Extension Items    |
   * +-----------------------------+
   * </pre>
   *
   * @param keepaliveSeconds the keepalive interval, a u16
   * @param segmentMruBytes the largest segment payload the sender accepts, an unsigned u64
   * @param transferMruBytes the largest whole transfer the sender accepts, an unsigned u64
   * @param nodeId the sender's node ID URI, empty for none; at most 65535 UTF-8 octets
   * @param extensions the session extension items
   */
  record SessInit(
      int keepaliveSeconds,
      long segmentMruBytes,
      long transferMruBytes,
      String nodeId,
      List<ExtensionItem> extensions)
      implements TcpclMessage {
    public SessInit {
      if (keepaliveSeconds < 0 || keepaliveSeconds > 0xFFFF) {
        throw new IllegalArgumentException("keepalive " + keepaliveSeconds + " s is not a u16");
      }
      Objects.requireNonNull(nodeId, "nodeId");
      if (nodeId.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
        throw new IllegalArgumentException("node ID longer than 65535 octets");
      }
      extensions = List.copyOf(extensions);
    }

    @Override
    public MessageType type() {
      return MessageType.SESS_INIT;
    }
  }

  /**
   * XFER_SEGMENT (§5.2.2), one segment of a bundle transfer.
   *
   * <pre>
   * +------------------------------+
   * |       Message Header         |  0x01
   * +------------------------------+
   * |     Message Flags (U8)       |  END = 0x01, START = 0x02
   * +------------------------------+
   * |      Transfer ID (U64)       |
   * +------------------------------+
   * |     Transfer Extension       |
   * |      Items Length (U32)      |  only on a START segment
   * +------------------------------+
   * |     Transfer Extension       |
   * |         Items (var.)         |  only on a START segment
   * +------------------------------+
   * |      Data length (U64)       |
   * +------------------------------+
   * | Data contents (octet string) |
   * +------------------------------+
   * </pre>
   *
   * <p>The data is held as given (not copied) when built by the decoder or {@link #wrap}; {@link
   * #of} copies. Either way nobody writes to it afterwards.
   */
  final class XferSegment implements TcpclMessage {
    /** The END flag: the last segment of a transfer. */
    public static final int END = 0x01;

    /** The START flag: the first segment of a transfer. */
    public static final int START = 0x02;

    private final int flags;
    private final long transferId;
    private final List<ExtensionItem> extensions;
    private final byte[] data;

    private XferSegment(int flags, long transferId, List<ExtensionItem> extensions, byte[] data) {
      if (flags < 0 || flags > 0xFF) {
        throw new IllegalArgumentException("flags " + flags + " are not a u8");
      }
      extensions = List.copyOf(extensions);
      if ((flags & START) == 0 && !extensions.isEmpty()) {
        throw new IllegalArgumentException("transfer extension items only on a START segment");
      }
      this.flags = flags;
      this.transferId = transferId;
      this.extensions = extensions;
      this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * A segment with {@code flags} (reserved bits kept as given), of transfer {@code transferId}
     * (unsigned), with transfer extension items (only allowed with START), carrying a copy of
     * {@code data}.
     */
    public static XferSegment of(
        int flags, long transferId, List<ExtensionItem> extensions, byte[] data) {
      return new XferSegment(flags, transferId, extensions, data.clone());
    }

    /** Like {@link #of}, without copying {@code data}: the caller gives it up. */
    static XferSegment wrap(
        int flags, long transferId, List<ExtensionItem> extensions, byte[] data) {
      return new XferSegment(flags, transferId, extensions, data);
    }

    @Override
    public MessageType type() {
      return MessageType.XFER_SEGMENT;
    }

    /** The raw flags octet, reserved bits included (XFER_ACK echoes them, §5.2.3). */
    public int flags() {
      return flags;
    }

    public boolean isStart() {
      return (flags & START) != 0;
    }

    public boolean isEnd() {
      return (flags & END) != 0;
    }

    /** The transfer ID, an unsigned u64. */
    public long transferId() {
      return transferId;
    }

    /** The transfer extension items (empty unless START). */
    public List<ExtensionItem> extensions() {
      return extensions;
    }

    /** The data length in octets. */
    public int dataLength() {
      return data.length;
    }

    /** A copy of the data contents. */
    public byte[] data() {
      return data.clone();
    }

    /** The data contents without a copy; callers must not write to it. */
    byte[] dataArray() {
      return data;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof XferSegment s
          && s.flags == flags
          && s.transferId == transferId
          && s.extensions.equals(extensions)
          && java.util.Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(flags, transferId, extensions) * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "XferSegment[flags="
          + flags
          + ", transferId="
          + Long.toUnsignedString(transferId)
          + ", extensions="
          + extensions
          + ", dataLength="
          + data.length
          + "]";
    }
  }

  /**
   * XFER_ACK (§5.2.3), acknowledging the segments of a transfer received so far.
   *
   * <pre>
   * +-----------------------------+
   * |       Message Header        |  0x02
   * +-----------------------------+
   * |     Message Flags (U8)      |  copied from the acknowledged segment
   * +-----------------------------+
   * |      Transfer ID (U64)      |
   * +-----------------------------+
   * | Acknowledged length (U64)   |  sum of data lengths received so far
   * +-----------------------------+
   * </pre>
   *
   * @param flags the flags of the acknowledged segment, a u8
   * @param transferId the transfer ID, unsigned
   * @param acknowledgedLengthBytes the octets acknowledged so far, unsigned
   */
  record XferAck(int flags, long transferId, long acknowledgedLengthBytes) implements TcpclMessage {
    public XferAck {
      if (flags < 0 || flags > 0xFF) {
        throw new IllegalArgumentException("flags " + flags + " are not a u8");
      }
    }

    @Override
    public MessageType type() {
      return MessageType.XFER_ACK;
    }
  }

  /**
   * XFER_REFUSE (§5.2.4): the receiver does not want the bundle of a transfer.
   *
   * <pre>
   * +-----------------------------+
   * |       Message Header        |  0x03
   * +-----------------------------+
   * |      Reason Code (U8)       |
   * +-----------------------------+
   * |      Transfer ID (U64)      |
   * +-----------------------------+
   * </pre>
   *
   * @param reason why (a code this entity cannot decode reads as {@link XferRefuseReason#UNKNOWN})
   * @param transferId the transfer ID, unsigned
   */
  record XferRefuse(XferRefuseReason reason, long transferId) implements TcpclMessage {
    public XferRefuse {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public MessageType type() {
      return MessageType.XFER_REFUSE;
    }
  }

  /**
   * KEEPALIVE (§5.1.1): the message header alone.
   *
   * <pre>
   * +-----------------------------+
   * |       Message Header        |  0x04
   * +-----------------------------+
   * </pre>
   */
  record Keepalive() implements TcpclMessage {
    /** The one instance needed. */
    public static final Keepalive INSTANCE = new Keepalive();

    @Override
    public MessageType type() {
      return MessageType.KEEPALIVE;
    }
  }

  /**
   * SESS_TERM (§6.1): one entity ends the session, or acknowledges that the other did.
   *
   * <pre>
   * +-----------------------------+
   * |       Message Header        |  0x05
   * +-----------------------------+
   * |     Message Flags (U8)      |  REPLY = 0x01
   * +-----------------------------+
   * |      Reason Code (U8)       |
   * +-----------------------------+
   * </pre>
   *
   * @param reply whether this acknowledges an earlier SESS_TERM
   * @param reason why (a code this entity cannot decode reads as {@link SessTermReason#UNKNOWN})
   */
  record SessTerm(boolean reply, SessTermReason reason) implements TcpclMessage {
    /** The REPLY flag bit. */
    public static final int REPLY = 0x01;

    public SessTerm {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public MessageType type() {
      return MessageType.SESS_TERM;
    }
  }

  /**
   * MSG_REJECT (§5.1.2): the sender could not handle a message.
   *
   * <pre>
   * +-----------------------------+
   * |       Message Header        |  0x06
   * +-----------------------------+
   * |      Reason Code (U8)       |
   * +-----------------------------+
   * |   Rejected Message Header   |  the rejected message's type code
   * +-----------------------------+
   * </pre>
   *
   * @param reasonCode the reason code, a u8 (see {@link #reason()})
   * @param rejectedMessageType the message header of the rejected message, a u8
   */
  record MsgReject(int reasonCode, int rejectedMessageType) implements TcpclMessage {
    public MsgReject {
      if (reasonCode < 0 || reasonCode > 0xFF) {
        throw new IllegalArgumentException("reason code " + reasonCode + " is not a u8");
      }
      if (rejectedMessageType < 0 || rejectedMessageType > 0xFF) {
        throw new IllegalArgumentException(
            "rejected message type " + rejectedMessageType + " is not a u8");
      }
    }

    /** A rejection with a defined reason. */
    public static MsgReject of(MsgRejectReason reason, int rejectedMessageType) {
      return new MsgReject(reason.code(), rejectedMessageType);
    }

    /** The reason, if RFC 9174 defines the code. */
    public java.util.Optional<MsgRejectReason> reason() {
      return MsgRejectReason.of(reasonCode);
    }

    @Override
    public MessageType type() {
      return MessageType.MSG_REJECT;
    }
  }
}
