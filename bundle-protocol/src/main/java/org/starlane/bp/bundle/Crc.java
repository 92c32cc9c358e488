package org.starlane.bp.bundle;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32C;

/**
 * Computes block CRCs as RFC 9171 §4.2.2 says: over all bytes of the block, with the bytes of the
 * CRC value itself taken as zero. CRC-32C uses {@link java.util.zip.CRC32C} (hardware-accelerated
 * on current CPUs); CRC-16/X-25 is table-driven. Stateless and thread-safe.
 */
public final class Crc {
  private static final int[] X25_TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
      }
      X25_TABLE[i] = crc;
    }
  }

  private static final byte[] ZEROS = new byte[4];

  private Crc() {}

  /**
   * The CRC of the bytes {@code [start, end)} of {@code buf}, where the {@code type.valueLength()}
   * bytes at {@code valueIndex} (the CRC value field) are taken as zero whatever they hold. Does
   * not move the buffer's indexes.
   */
  public static long compute(CrcType type, ByteBuf buf, int start, int end, int valueIndex) {
    int valueEnd = valueIndex + type.valueLength();
    switch (type) {
      case CRC16_X25:
        {
          int crc = x25Update(0xffff, buf, start, valueIndex - start);
          crc = x25Update(crc, ZEROS, 0, 2);
          crc = x25Update(crc, buf, valueEnd, end - valueEnd);
          return (crc ^ 0xffff) & 0xffff;
        }
      case CRC32C:
        {
          CRC32C crc = new CRC32C();
          crc32cUpdate(crc, buf, start, valueIndex - start);
          crc.update(ZEROS, 0, 4);
          crc32cUpdate(crc, buf, valueEnd, end - valueEnd);
          return crc.getValue();
        }
      default:
        throw new IllegalArgumentException("no CRC to compute for CRC type " + type);
    }
  }

  private static void crc32cUpdate(CRC32C crc, ByteBuf buf, int index, int length) {
    if (length == 0) {
      return;
    }
    if (buf.hasArray()) {
      crc.update(buf.array(), buf.arrayOffset() + index, length);
    } else {
      crc.update(buf.nioBuffer(index, length));
    }
  }

  /** CRC-16/X-25 of a whole array (check value: "123456789" gives 0x906E). */
  public static int crc16X25(byte[] bytes, int offset, int length) {
    return (x25Update(0xffff, bytes, offset, length) ^ 0xffff) & 0xffff;
  }

  private static int x25Update(int crc, ByteBuf buf, int index, int length) {
    if (buf.hasArray()) {
      return x25Update(crc, buf.array(), buf.arrayOffset() + index, length);
    }
    for (int i = index, end = index + length; i < end; i++) {
      crc = (crc >>> 8) ^ X25_TABLE[(crc ^ buf.getByte(i)) & 0xff];
    }
    return crc;
  }

  /** A CRC of {@code type} computed over bytes fed in pieces, for streamed blocks. */
  public static Running running(CrcType type) {
    return switch (type) {
      case CRC32C -> new Running32c();
      case CRC16_X25 -> new RunningX25();
      default -> throw new IllegalArgumentException("no CRC to compute for CRC type " + type);
    };
  }

  /**
   * A CRC being computed over bytes fed in pieces (RFC 9171 §4.2.2; the caller feeds zeros for the
   * CRC value field). Confined to one thread.
   */
  public abstract static sealed class Running permits Running32c, RunningX25 {
    public abstract void update(byte[] bytes, int offset, int length);

    /** Feeds the bytes of {@code buf}'s readable region without moving its indexes. */
    public void update(ByteBuf buf) {
      if (buf.hasArray()) {
        update(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
      } else {
        byte[] copy = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), copy);
        update(copy, 0, copy.length);
      }
    }

    /** Feeds {@code count} zero bytes (the CRC value field, at most 4). */
    public void updateZeros(int count) {
      update(ZEROS, 0, count);
    }

    /** The CRC of the bytes fed so far. */
    public abstract long value();
  }

  private static final class Running32c extends Running {
    private final CRC32C crc = new CRC32C();

    @Override
    public void update(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
    }

    @Override
    public long value() {
      return crc.getValue();
    }
  }

  private static final class RunningX25 extends Running {
    private int crc = 0xffff;

    @Override
    public void update(byte[] bytes, int offset, int length) {
      crc = x25Update(crc, bytes, offset, length);
    }

    @Override
    public long value() {
      return (crc ^ 0xffff) & 0xffff;
    }
  }

  private static int x25Update(int crc, byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      crc = (crc >>> 8) ^ X25_TABLE[(crc ^ bytes[i]) & 0xff];
    }
    return crc;
  }
}
