package org.starlane.bp.cbor;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict pull reader for the subset of CBOR (RFC 8949) that BPv7 uses: unsigned integers, byte
 * and text strings of definite length, definite- and indefinite-length arrays, the simple values
 * {@code false}/{@code true}, and skipping of unknown well-formed items. Floats, negative integers,
 * maps and tags are reported as unexpected by the typed read methods; {@link #skipItem()} skips any
 * well-formed item within the nesting limit.
 *
 * <p>Every length is checked against {@link CborLimits} and against the bytes actually readable
 * before anything is allocated, so a hostile 2<sup>64</sup> length field fails fast. Integers may
 * arrive in a longer-than-needed encoding (RFC 8949 §4.2.1 preferred serialization is required of
 * encoders, not decoders).
 *
 * <p>The reader advances the {@link ByteBuf}'s reader index and never takes ownership of the
 * buffer. Confined to the calling thread.
 */
public final class CborReader {
  /** Returned by {@link #readArrayHeader()} for an indefinite-length array. */
  public static final int INDEFINITE = -1;

  public static final int MAJOR_UNSIGNED = 0;
  public static final int MAJOR_NEGATIVE = 1;
  public static final int MAJOR_BYTES = 2;
  public static final int MAJOR_TEXT = 3;
  public static final int MAJOR_ARRAY = 4;
  public static final int MAJOR_MAP = 5;
  public static final int MAJOR_TAG = 6;
  public static final int MAJOR_SIMPLE = 7;

  static final int BREAK = 0xff;
  private static final String[] MAJOR_NAMES = {
    "unsigned integer",
    "negative integer",
    "byte string",
    "text string",
    "array",
    "map",
    "tag",
    "simple value or float"
  };

  private final ByteBuf buf;
  private final int base;
  private final CborLimits limits;

  /** Reads from {@code buf}'s reader index; offsets in errors are relative to that index. */
  public CborReader(ByteBuf buf, CborLimits limits) {
    this(buf, limits, buf.readerIndex());
  }

  /** Reads from {@code buf}'s reader index; offsets in errors are relative to {@code base}. */
  public CborReader(ByteBuf buf, CborLimits limits, int base) {
    this.buf = buf;
    this.limits = limits;
    this.base = base;
  }

  public ByteBuf buffer() {
    return buf;
  }

  public CborLimits limits() {
    return limits;
  }

  /** Bytes consumed since the base index: the offset that error messages report. */
  public int offset() {
    return buf.readerIndex() - base;
  }

  public boolean isReadable() {
    return buf.isReadable();
  }

  /** The major type (0..7) of the next item, without consuming it. */
  public int peekMajorType() {
    return peekInitialByte() >>> 5;
  }

  /** Whether the next byte is the "break" stop code that ends an indefinite-length item. */
  public boolean peekBreak() {
    return peekInitialByte() == BREAK;
  }

  private int peekInitialByte() {
    if (!buf.isReadable()) {
      throw new CborException("truncated: expected a CBOR item, found end of data", offset());
    }
    return buf.getUnsignedByte(buf.readerIndex());
  }

  /**
   * Reads an unsigned integer (major type 0); values above 2^63-1 come back negative (use unsigned
   * comparisons).
   */
  public long readUnsigned() {
    int start = offset();
    int initial = readInitial(MAJOR_UNSIGNED, start);
    return readArgument(initial, start);
  }

  /**
   * Reads an unsigned integer and rejects values above {@code max} (compared unsigned), naming
   * {@code what}.
   */
  public long readUnsigned(long max, String what) {
    int start = offset();
    long value = readUnsigned();
    if (Long.compareUnsigned(value, max) > 0) {
      throw new CborException(
          what + " " + Long.toUnsignedString(value) + " exceeds " + Long.toUnsignedString(max),
          start);
    }
    return value;
  }

  /** Reads {@code true} or {@code false} (major type 7, simple values 21 and 20). */
  public boolean readBoolean() {
    int start = offset();
    int initial = peekInitialByte();
    if (initial == 0xf5 || initial == 0xf4) {
      buf.skipBytes(1);
      return initial == 0xf5;
    }
    throw unexpected("a boolean", initial, start);
  }

  /**
   * Reads an array header: the element count for a definite-length array, or {@link #INDEFINITE}.
   * The count is checked against the limits and against the readable bytes (every element takes at
   * least one byte).
   */
  public int readArrayHeader() {
    int start = offset();
    int initial = readInitial(MAJOR_ARRAY, start);
    if ((initial & 0x1f) == 31) {
      return INDEFINITE;
    }
    long length = readArgument(initial, start);
    if (Long.compareUnsigned(length, limits.maxArrayLength()) > 0) {
      throw new CborException(
          "array length "
              + Long.toUnsignedString(length)
              + " exceeds the limit of "
              + limits.maxArrayLength(),
          start);
    }
    if (length > buf.readableBytes()) {
      throw new CborException(
          "truncated: array of "
              + length
              + " elements but only "
              + buf.readableBytes()
              + " bytes left",
          start);
    }
    return (int) length;
  }

  /**
   * Reads a definite-length array header and checks that it has exactly {@code expected} elements.
   */
  public void readArrayHeader(int expected, String what) {
    int start = offset();
    int length = readArrayHeader();
    if (length != expected) {
      throw new CborException(
          what
              + " must be a definite-length array of "
              + expected
              + " elements, found "
              + (length == INDEFINITE ? "an indefinite-length array" : length + " elements"),
          start);
    }
  }

  /** Consumes the "break" stop code if it is next; returns whether it was. */
  public boolean readBreakIfPresent() {
    if (peekInitialByte() == BREAK) {
      buf.skipBytes(1);
      return true;
    }
    return false;
  }

  /**
   * Reads the header of a definite-length byte string and returns its length; the reader is left at
   * the first content byte, so the caller can take a view ({@code buffer().readerIndex()}) and then
   * {@code skipBytes(length)}.
   */
  public int readByteStringHeader() {
    int start = offset();
    int initial = readInitial(MAJOR_BYTES, start);
    return checkedStringLength(initial, start, limits.maxByteStringBytes(), "byte string");
  }

  /**
   * Reads the header of a definite-length byte string and returns its length (unsigned: above
   * 2^63-1 it comes back negative), leaving the reader at the string's first byte. Unlike {@link
   * #readByteStringHeader()}, the string's bytes need not be readable and the length is not checked
   * against the limits: for a decoder of a prefix whose last string was cut, which sizes nothing
   * from this length.
   */
  public long readByteStringLength() {
    int start = offset();
    int initial = readInitial(MAJOR_BYTES, start);
    if ((initial & 0x1f) == 31) {
      throw new CborException("indefinite-length byte string is not allowed here", start);
    }
    return readArgument(initial, start);
  }

  /**
   * Reads a definite-length byte string into a new array (for short fields only; payloads should be
   * viewed).
   */
  public byte[] readByteString() {
    int length = readByteStringHeader();
    byte[] bytes = new byte[length];
    buf.readBytes(bytes);
    return bytes;
  }

  /**
   * Reads a definite-length byte string as a read-only view that shares the buffer's memory (no
   * copy).
   */
  public ByteBuffer readByteStringView() {
    int length = readByteStringHeader();
    ByteBuffer view = buf.nioBuffer(buf.readerIndex(), length).asReadOnlyBuffer();
    buf.skipBytes(length);
    return view;
  }

  /** Reads a definite-length text string; invalid UTF-8 is rejected. */
  public String readTextString() {
    int start = offset();
    int initial = readInitial(MAJOR_TEXT, start);
    int length = checkedStringLength(initial, start, limits.maxTextStringBytes(), "text string");
    int index = buf.readerIndex();
    String text;
    if (isAscii(index, length)) {
      text = buf.toString(index, length, StandardCharsets.US_ASCII);
    } else {
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(buf.nioBuffer(index, length))
                .toString();
      } catch (CharacterCodingException e) {
        throw new CborException("text string is not valid UTF-8", start);
      }
    }
    buf.skipBytes(length);
    return text;
  }

  private boolean isAscii(int index, int length) {
    for (int i = index, end = index + length; i < end; i++) {
      if (buf.getByte(i) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Skips one well-formed item of any type (including maps, tags and floats): at most {@link
   * CborLimits#maxNestingDepth()} arrays, maps and tags nested in one another, each array or map at
   * most {@link CborLimits#maxArrayLength()} entries. Indefinite-length strings, which BPv7 does
   * not use, are rejected.
   */
  public void skipItem() {
    skipItem(0);
  }

  /**
   * Skips one item that {@code enclosing} arrays, maps or tags enclose. An array, map or tag at
   * {@code enclosing == maxNestingDepth} would nest one level too deep and is rejected before its
   * content is read.
   */
  private void skipItem(int enclosing) {
    int start = offset();
    int initial = peekInitialByte();
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (initial == BREAK) {
      throw new CborException("unexpected break stop code", start);
    }
    if ((major == MAJOR_ARRAY || major == MAJOR_MAP || major == MAJOR_TAG)
        && enclosing >= limits.maxNestingDepth()) {
      throw new CborException(
          MAJOR_NAMES[major] + " nested deeper than the limit of " + limits.maxNestingDepth(),
          start);
    }
    int depth = enclosing + 1;
    buf.skipBytes(1);
    switch (major) {
      case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> readArgument(initial, start);
      case MAJOR_BYTES, MAJOR_TEXT -> {
        if (info == 31) {
          throw new CborException("indefinite-length strings are not used by BPv7", start);
        }
        long max = major == MAJOR_BYTES ? limits.maxByteStringBytes() : limits.maxTextStringBytes();
        int length = checkedStringLength(initial, start, max, MAJOR_NAMES[major]);
        buf.skipBytes(length);
      }
      case MAJOR_ARRAY, MAJOR_MAP -> {
        int perEntry = major == MAJOR_MAP ? 2 : 1;
        if (info == 31) {
          int count = 0;
          while (!readBreakIfPresent()) {
            if (++count > limits.maxArrayLength()) {
              throw new CborException(
                  MAJOR_NAMES[major] + " longer than the limit of " + limits.maxArrayLength(),
                  start);
            }
            for (int i = 0; i < perEntry; i++) {
              skipItem(depth);
            }
          }
        } else {
          long length = readArgument(initial, start);
          if (Long.compareUnsigned(length, limits.maxArrayLength()) > 0) {
            throw new CborException(
                MAJOR_NAMES[major]
                    + " length "
                    + Long.toUnsignedString(length)
                    + " exceeds the limit of "
                    + limits.maxArrayLength(),
                start);
          }
          if (length * perEntry > buf.readableBytes()) {
            // every item takes at least one byte
            throw new CborException(
                "truncated: "
                    + MAJOR_NAMES[major]
                    + " of "
                    + length
                    + " entries but only "
                    + buf.readableBytes()
                    + " bytes left",
                start);
          }
          for (long i = 0; i < length * perEntry; i++) {
            skipItem(depth);
          }
        }
      }
      case MAJOR_TAG -> {
        readArgument(initial, start);
        skipItem(depth);
      }
      default -> { // major type 7: simple values and floats
        if (info == 24) {
          require(1, start);
          int simple = buf.readUnsignedByte();
          if (simple < 32) {
            // RFC 8949 §3.3: 0xf8 followed by a byte below 0x20 is not well-formed
            throw new CborException(
                "simple value " + simple + " in the two-byte form is not well-formed", start);
          }
        } else if (info >= 25 && info <= 27) {
          int size = 1 << (info - 24);
          require(size, start);
          buf.skipBytes(size);
        } else if (info >= 28) {
          throw new CborException(
              "reserved additional information " + info + " in a simple value", start);
        }
      }
    }
  }

  private int readInitial(int expectedMajor, int start) {
    int initial = peekInitialByte();
    if (initial >>> 5 != expectedMajor || initial == BREAK) {
      throw unexpected(article(MAJOR_NAMES[expectedMajor]), initial, start);
    }
    buf.skipBytes(1);
    return initial;
  }

  private int checkedStringLength(int initial, int start, long max, String what) {
    if ((initial & 0x1f) == 31) {
      throw new CborException("indefinite-length " + what + " is not allowed here", start);
    }
    long length = readArgument(initial, start);
    if (Long.compareUnsigned(length, max) > 0) {
      throw new CborException(
          what + " length " + Long.toUnsignedString(length) + " exceeds the limit of " + max,
          start);
    }
    if (length > buf.readableBytes()) {
      throw new CborException(
          "truncated: "
              + what
              + " of "
              + length
              + " bytes but only "
              + buf.readableBytes()
              + " bytes left",
          start);
    }
    return (int) length;
  }

  /** Reads the argument that follows an initial byte already consumed. */
  private long readArgument(int initial, int start) {
    int info = initial & 0x1f;
    if (info < 24) {
      return info;
    }
    switch (info) {
      case 24:
        require(1, start);
        return buf.readUnsignedByte();
      case 25:
        require(2, start);
        return buf.readUnsignedShort();
      case 26:
        require(4, start);
        return buf.readUnsignedInt();
      case 27:
        require(8, start);
        return buf.readLong();
      case 31:
        throw new CborException("unexpected indefinite length", start);
      default:
        throw new CborException("reserved additional information " + info, start);
    }
  }

  private void require(int bytes, int start) {
    if (buf.readableBytes() < bytes) {
      throw new CborException(
          "truncated: integer argument needs " + bytes + " bytes, " + buf.readableBytes() + " left",
          start);
    }
  }

  private CborException unexpected(String expected, int initial, int start) {
    String found =
        initial == BREAK
            ? "a break stop code"
            : article(MAJOR_NAMES[initial >>> 5])
                + " (initial byte 0x"
                + Integer.toHexString(initial)
                + ")";
    return new CborException("expected " + expected + ", found " + found, start);
  }

  private static String article(String noun) {
    return (noun.charAt(0) == 'a' || noun.charAt(0) == 'u' ? "an " : "a ") + noun;
  }
}
