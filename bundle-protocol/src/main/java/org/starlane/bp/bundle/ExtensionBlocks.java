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
    CborReader in = reader(data);
    long age = in.readUnsigned();
    requireEnd(in, "bundle age");
    return age;
  }

  /** Reads a Hop Count block (§4.4.3). */
  public static HopCount readHopCount(ByteBuffer data) {
    CborReader in = reader(data);
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
