package org.starlane.cl.tcpcl;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.starlane.cl.tcpcl.TcpclMessage.Keepalive;
import org.starlane.cl.tcpcl.TcpclMessage.MsgReject;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;
import org.starlane.cl.tcpcl.TcpclMessage.SessTerm;
import org.starlane.cl.tcpcl.TcpclMessage.XferAck;
import org.starlane.cl.tcpcl.TcpclMessage.XferRefuse;
import org.starlane.cl.tcpcl.TcpclMessage.XferSegment;

/**
 * Reads and writes TCPCLv4 messages (RFC 9174 §4.5–§6.1) on {@link ByteBuf}s: frames only, no
 * session rules. {@link #read} never takes ownership of its buffer: it reads and advances when a
 * whole message is there, and reads nothing otherwise. Every length field is checked against the
 * {@link TcpclLimits} before anything is allocated.
 *
 * <p>Faults and their answers ({@link TcpclException}):
 *
 * <table>
 *   <caption>decoder faults</caption>
 *   <tr><th>fault</th><th>MSG_REJECT</th><th>SESS_TERM</th></tr>
 *   <tr><td>unknown message type</td><td>Message Type Unknown</td><td>none (close, §5.1.2)</td></tr>
 *   <tr><td>segment data over the segment MRU, extension items over their limit</td>
 *       <td>Message Unsupported</td><td>Resource Exhaustion</td></tr>
 *   <tr><td>SESS_INIT node ID too long, not UTF-8, extension items that disagree with their
 *       length</td><td>none</td><td>Contact Failure (§4.6, §4.7)</td></tr>
 *   <tr><td>XFER_SEGMENT extension items that disagree with their length</td>
 *       <td>Message Unsupported</td><td>Unknown</td></tr>
 * </table>
 *
 * <p>Immutable, thread-safe.
 */
public final class TcpclFrames {
  /** Octets of an XFER_SEGMENT before its data, without the START fields. */
  public static final int SEGMENT_HEADER_LENGTH = 1 + 1 + 8 + 8;

  private static final int SESS_INIT_FIXED_LENGTH = 1 + 2 + 8 + 8 + 2;

  private final TcpclLimits limits;

  /** Frames with {@code limits} on what a peer sends. */
  public TcpclFrames(TcpclLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public TcpclLimits limits() {
    return limits;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** Writes {@code message} into {@code out}. */
  public static void write(TcpclMessage message, ByteBuf out) {
    out.writeByte(message.type().code());
    if (message instanceof SessInit m) {
      byte[] nodeId = m.nodeId().getBytes(StandardCharsets.UTF_8);
      out.writeShort(m.keepaliveSeconds());
      out.writeLong(m.segmentMruBytes());
      out.writeLong(m.transferMruBytes());
      out.writeShort(nodeId.length);
      out.writeBytes(nodeId);
      writeItems(m.extensions(), out);
    } else if (message instanceof XferSegment m) {
      out.writeByte(m.flags());
      out.writeLong(m.transferId());
      if (m.isStart()) {
        writeItems(m.extensions(), out);
      }
      out.writeLong(m.dataLength());
      out.writeBytes(m.dataArray());
    } else if (message instanceof XferAck m) {
      out.writeByte(m.flags());
      out.writeLong(m.transferId());
      out.writeLong(m.acknowledgedLengthBytes());
    } else if (message instanceof XferRefuse m) {
      out.writeByte(m.reason().code());
      out.writeLong(m.transferId());
    } else if (message instanceof SessTerm m) {
      out.writeByte(m.reply() ? SessTerm.REPLY : 0);
      out.writeByte(m.reason().code());
    } else if (message instanceof MsgReject m) {
      out.writeByte(m.reasonCode());
      out.writeByte(m.rejectedMessageType());
    } else if (!(message instanceof Keepalive)) {
      throw new IllegalArgumentException("unknown message " + message);
    }
  }

  /**
   * Writes the header of an XFER_SEGMENT whose {@code dataLength} data octets the caller writes
   * next (so that bundle data need not be copied into the frame).
   */
  public static void writeSegmentHeader(
      int flags, long transferId, List<ExtensionItem> extensions, long dataLength, ByteBuf out) {
    out.writeByte(MessageType.XFER_SEGMENT.code());
    out.writeByte(flags);
    out.writeLong(transferId);
    if ((flags & XferSegment.START) != 0) {
      writeItems(extensions, out);
    } else if (!extensions.isEmpty()) {
      throw new IllegalArgumentException("transfer extension items only on a START segment");
    }
    out.writeLong(dataLength);
  }

  private static void writeItems(List<ExtensionItem> items, ByteBuf out) {
    int length = 0;
    for (ExtensionItem item : items) {
      length += item.encodedLength();
    }
    out.writeInt(length);
    for (ExtensionItem item : items) {
      out.writeByte(item.critical() ? ExtensionItem.CRITICAL : 0);
      out.writeShort(item.type());
      byte[] value = item.value();
      out.writeShort(value.length);
      out.writeBytes(value);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads one message from {@code in} if it holds a whole one, advancing past it; returns null and
   * reads nothing if more octets are needed.
   *
   * @throws TcpclException if the octets cannot be a valid message within the limits
   */
  public TcpclMessage read(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    if (start >= end) {
      return null;
    }
    int type = in.getUnsignedByte(start);
    switch (type) {
      case 0x01:
        return readSegment(in, start, end);
      case 0x02:
        if (end - start < 18) {
          return null;
        }
        in.skipBytes(18);
        return new XferAck(
            in.getUnsignedByte(start + 1), in.getLong(start + 2), in.getLong(start + 10));
      case 0x03:
        if (end - start < 10) {
          return null;
        }
        in.skipBytes(10);
        return new XferRefuse(
            XferRefuseReason.of(in.getUnsignedByte(start + 1)), in.getLong(start + 2));
      case 0x04:
        in.skipBytes(1);
        return Keepalive.INSTANCE;
      case 0x05:
        if (end - start < 3) {
          return null;
        }
        in.skipBytes(3);
        return new SessTerm(
            (in.getUnsignedByte(start + 1) & SessTerm.REPLY) != 0,
            SessTermReason.of(in.getUnsignedByte(start + 2)));
      case 0x06:
        if (end - start < 3) {
          return null;
        }
        in.skipBytes(3);
        return new MsgReject(in.getUnsignedByte(start + 1), in.getUnsignedByte(start + 2));
      case 0x07:
        return readSessInit(in, start, end);
      default:
        throw TcpclException.reject(
            MsgRejectReason.MESSAGE_TYPE_UNKNOWN,
            type,
            null,
            String.format("unknown message type 0x%02x at offset %d", type, start));
    }
  }

  private XferSegment readSegment(ByteBuf in, int start, int end) {
    int at = start + 2 + 8;
    if (end < at) {
      return null;
    }
    int flags = in.getUnsignedByte(start + 1);
    long transferId = in.getLong(start + 2);
    int itemsAt = -1;
    int itemsLength = 0;
    if ((flags & XferSegment.START) != 0) {
      if (end < at + 4) {
        return null;
      }
      long declared = in.getUnsignedInt(at);
      if (declared > limits.maxExtensionItemsBytes()) {
        throw TcpclException.reject(
            MsgRejectReason.MESSAGE_UNSUPPORTED,
            MessageType.XFER_SEGMENT.code(),
            SessTermReason.RESOURCE_EXHAUSTION,
            "transfer extension items length "
                + declared
                + " at offset "
                + at
                + " exceeds the limit "
                + limits.maxExtensionItemsBytes());
      }
      itemsAt = at + 4;
      itemsLength = (int) declared;
      at = itemsAt + itemsLength;
    }
    if (end < at + 8) {
      return null;
    }
    long dataLength = in.getLong(at);
    if (dataLength < 0 || dataLength > limits.maxSegmentBytes()) {
      throw TcpclException.reject(
          MsgRejectReason.MESSAGE_UNSUPPORTED,
          MessageType.XFER_SEGMENT.code(),
          SessTermReason.RESOURCE_EXHAUSTION,
          "segment data length "
              + Long.toUnsignedString(dataLength)
              + " at offset "
              + at
              + " exceeds segment MRU "
              + limits.maxSegmentBytes());
    }
    at += 8;
    if (end - at < dataLength) {
      return null;
    }
    final int itemsStart = itemsAt;
    final int itemsSize = itemsLength;
    List<ExtensionItem> items =
        itemsAt < 0
            ? List.of()
            : readItems(
                in,
                itemsStart,
                itemsSize,
                () ->
                    TcpclException.reject(
                        MsgRejectReason.MESSAGE_UNSUPPORTED,
                        MessageType.XFER_SEGMENT.code(),
                        SessTermReason.UNKNOWN,
                        "transfer extension items at offset "
                            + itemsStart
                            + " disagree with their length "
                            + itemsSize));
    byte[] data = new byte[(int) dataLength];
    in.getBytes(at, data);
    in.readerIndex(at + (int) dataLength);
    return XferSegment.wrap(flags, transferId, items, data);
  }

  private SessInit readSessInit(ByteBuf in, int start, int end) {
    if (end - start < SESS_INIT_FIXED_LENGTH) {
      return null;
    }
    int keepalive = in.getUnsignedShort(start + 1);
    long segmentMru = in.getLong(start + 3);
    long transferMru = in.getLong(start + 11);
    int nodeIdLength = in.getUnsignedShort(start + 19);
    if (nodeIdLength > limits.maxNodeIdBytes()) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE,
          "SESS_INIT node ID length "
              + nodeIdLength
              + " at offset "
              + (start + 19)
              + " exceeds the limit "
              + limits.maxNodeIdBytes());
    }
    int at = start + SESS_INIT_FIXED_LENGTH + nodeIdLength;
    if (end - at < 4) {
      return null;
    }
    long declared = in.getUnsignedInt(at);
    if (declared > limits.maxExtensionItemsBytes()) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE,
          "session extension items length "
              + declared
              + " at offset "
              + at
              + " exceeds the limit "
              + limits.maxExtensionItemsBytes());
    }
    int itemsAt = at + 4;
    int itemsLength = (int) declared;
    if (end - itemsAt < itemsLength) {
      return null;
    }
    String nodeId;
    try {
      nodeId =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(in.nioBuffer(start + SESS_INIT_FIXED_LENGTH, nodeIdLength))
              .toString();
    } catch (CharacterCodingException e) {
      throw TcpclException.terminate(
          SessTermReason.CONTACT_FAILURE,
          "SESS_INIT node ID at offset " + (start + SESS_INIT_FIXED_LENGTH) + " is not UTF-8");
    }
    List<ExtensionItem> items =
        readItems(
            in,
            itemsAt,
            itemsLength,
            () ->
                TcpclException.terminate(
                    SessTermReason.CONTACT_FAILURE,
                    "session extension items at offset "
                        + itemsAt
                        + " disagree with their length "
                        + itemsLength));
    in.readerIndex(itemsAt + itemsLength);
    return new SessInit(keepalive, segmentMru, transferMru, nodeId, items);
  }

  private static List<ExtensionItem> readItems(
      ByteBuf in, int at, int length, java.util.function.Supplier<TcpclException> mismatch) {
    if (length == 0) {
      return List.of();
    }
    List<ExtensionItem> items = new ArrayList<>();
    int end = at + length;
    while (at < end) {
      if (end - at < ExtensionItem.HEADER_LENGTH) {
        throw mismatch.get();
      }
      int flags = in.getUnsignedByte(at);
      int type = in.getUnsignedShort(at + 1);
      int valueLength = in.getUnsignedShort(at + 3);
      at += ExtensionItem.HEADER_LENGTH;
      if (end - at < valueLength) {
        throw mismatch.get();
      }
      byte[] value = new byte[valueLength];
      in.getBytes(at, value);
      at += valueLength;
      items.add(new ExtensionItem((flags & ExtensionItem.CRITICAL) != 0, type, value));
    }
    return items;
  }

  /** For tests and tools: {@code message} as a byte array. */
  public static byte[] toBytes(TcpclMessage message) {
    ByteBuf out = io.netty.buffer.Unpooled.buffer();
    try {
      write(message, out);
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes;
    } finally {
      out.release();
    }
  }
}
