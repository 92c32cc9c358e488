package org.starlane.bp.cbor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes the CBOR subset of BPv7 into a caller's {@link ByteBuf}, always in the shortest
 * (preferred) integer form of RFC 8949 §4.2.1. Stateless: every method appends at the writer index.
 * Never takes ownership of the buffer.
 */
public final class CborWriter {
  private CborWriter() {}

  /**
   * A growable heap buffer for a short-lived encoding that is never released: it bypasses Netty's
   * allocator, so its memory accounting does not grow with buffers that the garbage collector
   * reclaims.
   */
  public static ByteBuf newHeapBuffer(int initialCapacity) {
    return new UnpooledHeapByteBuf(
        UnpooledByteBufAllocator.DEFAULT, Math.max(1, initialCapacity), Integer.MAX_VALUE);
  }

  /** Writes an unsigned integer (major type 0); {@code value} is read as unsigned 64-bit. */
  public static void writeUnsigned(ByteBuf out, long value) {
    writeHeader(out, CborReader.MAJOR_UNSIGNED, value);
  }

  /** Writes a definite-length array header. */
  public static void writeArrayHeader(ByteBuf out, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("array length " + length + " < 0");
    }
    writeHeader(out, CborReader.MAJOR_ARRAY, length);
  }

  /** Writes the start of an indefinite-length array; end it with {@link #writeBreak}. */
  public static void writeIndefiniteArrayStart(ByteBuf out) {
    out.writeByte(0x9f);
  }

  public static void writeBreak(ByteBuf out) {
    out.writeByte(CborReader.BREAK);
  }

  public static void writeBoolean(ByteBuf out, boolean value) {
    out.writeByte(value ? 0xf5 : 0xf4);
  }

  /** Writes a byte string header for {@code length} content bytes that the caller writes next. */
  public static void writeByteStringHeader(ByteBuf out, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("byte string length " + length + " < 0");
    }
    writeHeader(out, CborReader.MAJOR_BYTES, length);
  }

  public static void writeByteString(ByteBuf out, byte[] bytes) {
    writeByteStringHeader(out, bytes.length);
    out.writeBytes(bytes);
  }

  /** Writes the remaining bytes of {@code bytes} as a byte string without changing its position. */
  public static void writeByteString(ByteBuf out, ByteBuffer bytes) {
    writeByteStringHeader(out, bytes.remaining());
    out.writeBytes(bytes.duplicate());
  }

  /**
   * Writes a definite-length text string in UTF-8.
   *
   * @throws IllegalArgumentException if {@code text} has an unpaired surrogate, which has no UTF-8
   *     form (RFC 8949 §3.1 requires valid UTF-8)
   */
  public static void writeTextString(ByteBuf out, String text) {
    ByteBuffer utf8;
    try {
      utf8 =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text has an unpaired surrogate, so no UTF-8 form", e);
    }
    writeHeader(out, CborReader.MAJOR_TEXT, utf8.remaining());
    out.writeBytes(utf8);
  }

  /** The number of bytes {@link #writeUnsigned} (or any header with this argument) takes. */
  public static int headerSize(long argument) {
    if (argument >= 0 && argument < 24) {
      return 1;
    } else if (argument >= 0 && argument <= 0xffL) {
      return 2;
    } else if (argument >= 0 && argument <= 0xffffL) {
      return 3;
    } else if (argument >= 0 && argument <= 0xffff_ffffL) {
      return 5;
    }
    return 9;
  }

  /** Writes an initial byte of {@code major} with its argument in the shortest form. */
  public static void writeHeader(ByteBuf out, int major, long argument) {
    if (major < 0 || major > 7) {
      throw new IllegalArgumentException("CBOR major type " + major + " outside 0..7");
    }
    int type = major << 5;
    if (argument >= 0 && argument < 24) {
      out.writeByte(type | (int) argument);
    } else if (argument >= 0 && argument <= 0xffL) {
      out.writeShort((type | 24) << 8 | (int) argument);
    } else if (argument >= 0 && argument <= 0xffffL) {
      out.writeByte(type | 25);
      out.writeShort((int) argument);
    } else if (argument >= 0 && argument <= 0xffff_ffffL) {
      out.writeByte(type | 26);
      out.writeInt((int) argument);
    } else {
      out.writeByte(type | 27);
      out.writeLong(argument);
    }
  }
}
