package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.eid.EndpointId;

/**
 * Test fixture: reads the blocks of an encoded bundle without the cross-block rules of RFC 9171 §4,
 * which the examples of RFC 9173 Appendix A do not follow (creation time 0 without a bundle age
 * block, no CRC on a primary block that no BIB targets). CRC values are skipped, not checked.
 */
final class RawBundles {
  private RawBundles() {}

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", "").replaceFirst("^0x", ""));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static BundleBlocks parse(byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    CborReader in = new CborReader(buf, CborLimits.DEFAULT);
    if (in.readArrayHeader() != CborReader.INDEFINITE) {
      throw new IllegalArgumentException("not an indefinite-length bundle array");
    }
    int n = in.readArrayHeader();
    in.readUnsigned(); // version
    BundleProcessingFlags flags = BundleProcessingFlags.of(in.readUnsigned());
    CrcType crc = CrcType.fromCode(in.readUnsigned());
    EndpointId dst = EndpointId.readFrom(in);
    EndpointId src = EndpointId.readFrom(in);
    EndpointId rpt = EndpointId.readFrom(in);
    in.readArrayHeader(2, "creation timestamp");
    CreationTimestamp ts = new CreationTimestamp(in.readUnsigned(), in.readUnsigned());
    long lifetime = in.readUnsigned();
    long offset = 0;
    long total = 0;
    if (flags.isFragment()) {
      offset = in.readUnsigned();
      total = in.readUnsigned();
    }
    if (crc != CrcType.NONE) {
      in.readByteString();
    }
    if (n < 8) {
      throw new IllegalArgumentException("short primary block");
    }
    PrimaryBlock primary = new PrimaryBlock(flags, crc, dst, src, rpt, ts, lifetime, offset, total);
    List<CanonicalBlock> blocks = new ArrayList<>();
    while (!in.readBreakIfPresent()) {
      int m = in.readArrayHeader();
      long type = in.readUnsigned();
      long number = in.readUnsigned();
      BlockProcessingFlags bf = BlockProcessingFlags.of(in.readUnsigned());
      CrcType bc = CrcType.fromCode(in.readUnsigned());
      byte[] data = in.readByteString();
      if (bc != CrcType.NONE) {
        in.readByteString();
      }
      if (m < 5) {
        throw new IllegalArgumentException("short block");
      }
      blocks.add(new CanonicalBlock(type, number, bf, bc, ByteBuffer.wrap(data)));
    }
    return new BundleBlocks(primary, blocks);
  }
}
