package org.starlane.bp.bundle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;

/**
 * The block-type-specific data of the extension blocks of RFC 9171 §4.4: Previous Node (a node ID),
 * Bundle Age (an unsigned integer of milliseconds) and Hop Count ({@code [limit, count]}). Each
 * reader requires the data to hold exactly one item. Stateless.
 */
public final class ExtensionBlocks {
  private ExtensionBlocks() {}

  /** Reads the node ID of a Previous Node block (§4.4.1). */
  public static EndpointId readPreviousNode(ByteBuffer data) {
    CborReader in = reader(data);
    EndpointId node = EndpointId.readFrom(in);
    requireEnd(in, "previous node");
    return node;
  }

  /** Reads the age in milliseconds of a Bundle Age block (§4.4.2). */
  public static long readBundleAgeMillis(ByteBuffer data) {
    int p = data.position();
    int size = uintSize(data, p);
    if (size == data.remaining()) { // the common case: exactly one unsigned integer
      return uintAt(data, p, size);
    }
    CborReader in = reader(data);
    long age = in.readUnsigned();
    requireEnd(in, "bundle age");
    return age;
  }

  /** Reads a Hop Count block (§4.4.3). */
  public static HopCount readHopCount(ByteBuffer data) {
    int p = data.position();
    if (data.remaining() >= 3 && data.get(p) == (byte) 0x82) { // the common case: [limit, count]
      int limitSize = uintSize(data, p + 1);
      int countSize = limitSize < 0 ? -1 : uintSize(data, p + 1 + limitSize);
      if (countSize > 0 && 1 + limitSize + countSize == data.remaining()) {
        long limit = uintAt(data, p + 1, limitSize);
        long count = uintAt(data, p + 1 + limitSize, countSize);
        if (limit >= 1 && limit <= 255 && count >= 0) {
          return new HopCount((int) limit, count);
        }
      }
    }
    CborReader in = reader(data); // the general path, which also says precisely what is wrong
    boolean indefinite = readPairHeader(in, "hop count");
    int at = in.offset();
    long limit = in.readUnsigned();
    if (limit < 1 || limit > 255) {
      throw new CborException("hop limit " + Long.toUnsignedString(limit) + " outside 1..255", at);
    }
    at = in.offset();
    long count = in.readUnsigned();
    if (count < 0) {
      throw new CborException("hop count " + Long.toUnsignedString(count) + " out of range", at);
    }
    if (indefinite) {
      BundleCodec.expectBreak(in, "hop count");
    }
    requireEnd(in, "hop count");
    return new HopCount((int) limit, count);
  }

  /**
   * The encoded size of the unsigned integer (CBOR major type 0) at {@code index}, or -1 if there
   * is none that fits before the limit.
   */
  private static int uintSize(ByteBuffer data, int index) {
    if (index >= data.limit()) {
      return -1;
    }
    int initial = data.get(index) & 0xff;
    int size;
    if (initial < 24) {
      size = 1;
    } else if (initial <= 27) {
      size = 1 + (1 << (initial - 24));
    } else {
      return -1;
    }
    return index + size <= data.limit() ? size : -1;
  }

  /**
   * The unsigned integer of {@code size} encoded bytes at {@code index} (see {@link #uintSize}).
   */
  private static long uintAt(ByteBuffer data, int index, int size) {
    switch (size) {
      case 1:
        return data.get(index) & 0x1f;
      case 2:
        return data.get(index + 1) & 0xff;
      case 3:
        return data.getShort(index + 1) & 0xffff;
      case 5:
        return data.getInt(index + 1) & 0xffff_ffffL;
      default:
        return data.getLong(index + 1);
    }
  }

  /**
   * Reads the header of a two-element array, definite or indefinite (RFC 9171 §4.1 does not
   * prohibit indefinite-length items); returns whether it is indefinite, so the caller then expects
   * a break after the two items.
   */
  static boolean readPairHeader(CborReader in, String what) {
    int at = in.offset();
    int count = in.readArrayHeader();
    if (count != 2 && count != CborReader.INDEFINITE) {
      throw new CborException(what + " must be an array of 2 elements, found " + count, at);
    }
    return count == CborReader.INDEFINITE;
  }

  public static ByteBuffer previousNodeData(EndpointId node) {
    ByteBuf out = CborWriter.newHeapBuffer(24);
    node.writeTo(out);
    return toByteBuffer(out);
  }

  public static ByteBuffer bundleAgeData(long ageMillis) {
    ByteBuf out = CborWriter.newHeapBuffer(9);
    CborWriter.writeUnsigned(out, ageMillis);
    return toByteBuffer(out);
  }

  public static ByteBuffer hopCountData(HopCount hopCount) {
    ByteBuf out = CborWriter.newHeapBuffer(11);
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, hopCount.limit());
    CborWriter.writeUnsigned(out, hopCount.count());
    return toByteBuffer(out);
  }

  private static ByteBuffer toByteBuffer(ByteBuf out) {
    return ByteBuffer.wrap(out.array(), out.arrayOffset(), out.readableBytes()).slice();
  }

  private static CborReader reader(ByteBuffer data) {
    return new CborReader(Unpooled.wrappedBuffer(data.duplicate()), CborLimits.DEFAULT);
  }

  private static void requireEnd(CborReader in, String what) {
    if (in.isReadable()) {
      throw new CborException(
          what + " data has " + in.buffer().readableBytes() + " bytes after its item", in.offset());
    }
  }
}
