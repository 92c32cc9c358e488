package org.starlane.bp.eid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;

/** Encodes and decodes endpoint IDs through short-lived buffers, for the tests of this package. */
final class EidCodec {
  private EidCodec() {}

  static byte[] bytes(String hex) {
    return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
  }

  /** The CBOR encoding of {@code eid} as lowercase hex. */
  static String encode(EndpointId eid) {
    ByteBuf out = Unpooled.buffer();
    try {
      eid.writeTo(out);
      return ByteBufUtil.hexDump(out);
    } finally {
      out.release();
    }
  }

  /** Decodes {@code hex}, which must hold exactly one endpoint ID. */
  static EndpointId decode(String hex) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex));
    try {
      EndpointId eid = EndpointId.readFrom(new CborReader(buf, CborLimits.DEFAULT));
      assertThat(buf.isReadable()).as("bytes left after the endpoint ID in %s", hex).isFalse();
      return eid;
    } finally {
      buf.release();
    }
  }

  /** Decodes {@code hex}, which must fail, and returns the failure. */
  static CborException rejection(String hex) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      CborException e = catchThrowableOfType(CborException.class, () -> EndpointId.readFrom(in));
      assertThat(e).as("decoding %s must throw CborException", hex).isNotNull();
      return e;
    } finally {
      buf.release();
    }
  }
}
