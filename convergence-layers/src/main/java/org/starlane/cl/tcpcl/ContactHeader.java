package org.starlane.cl.tcpcl;

import io.netty.buffer.ByteBuf;

/**
 * The contact header each entity sends first on a new TCP connection (RFC 9174 §4.2).
 *
 * <pre>
 *                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |                          magic='dtn!'                         |
 * +---------------+---------------+---------------+---------------+
 * |     Version   |   Flags       |
 * +---------------+---------------+
 * </pre>
 *
 * Flags: {@code CAN_TLS = 0x01}; reserved bits are sent as 0 and ignored on receipt.
 *
 * <p>Immutable, thread-safe.
 *
 * @param version the TCPCL version, 4 for this implementation (other values are decoded so that a
 *     passive entity can answer "Version mismatch", §4.3)
 * @param canTls whether the sender has enabled TLS
 */
public record ContactHeader(int version, boolean canTls) {
  /** The magic string "dtn!" as a big-endian int. */
  public static final int MAGIC = 0x64746E21;

  /** The length of a contact header in octets. */
  public static final int LENGTH = 6;

  /** The TCPCL version this implementation speaks. */
  public static final int VERSION_4 = 4;

  /** The CAN_TLS flag bit. */
  public static final int CAN_TLS = 0x01;

  public ContactHeader {
    if (version < 0 || version > 0xFF) {
      throw new IllegalArgumentException("version " + version + " is not a u8");
    }
  }

  /** A version 4 header. */
  public static ContactHeader v4(boolean canTls) {
    return new ContactHeader(VERSION_4, canTls);
  }

  /** Writes the 6 octets into {@code out}. */
  public void writeTo(ByteBuf out) {
    out.writeInt(MAGIC);
    out.writeByte(version);
    out.writeByte(canTls ? CAN_TLS : 0);
  }

  /**
   * Reads a contact header if {@code in} holds one, advancing it; returns null (and reads nothing)
   * if fewer than 6 octets are readable.
   *
   * @throws TcpclException (close the connection, no SESS_TERM, §4.3) if the magic is wrong
   */
  public static ContactHeader readFrom(ByteBuf in) {
    if (in.readableBytes() < LENGTH) {
      return null;
    }
    int at = in.readerIndex();
    int magic = in.getInt(at);
    if (magic != MAGIC) {
      throw TcpclException.closeConnection(
          String.format("contact header magic 0x%08x at offset %d is not 'dtn!'", magic, at));
    }
    int version = in.getUnsignedByte(at + 4);
    int flags = in.getUnsignedByte(at + 5);
    in.skipBytes(LENGTH);
    return new ContactHeader(version, (flags & CAN_TLS) != 0);
  }
}
