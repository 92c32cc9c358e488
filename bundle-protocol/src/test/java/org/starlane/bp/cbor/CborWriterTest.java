package org.starlane.bp.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CborWriter}: preferred (shortest) serialization, RFC 8949 §4.2.1 and Appendix A. */
class CborWriterTest {

  /** Encodes with {@code writes} into a fresh buffer and returns the bytes as lowercase hex. */
  static String hex(Consumer<ByteBuf> writes) {
    ByteBuf out = Unpooled.buffer();
    try {
      writes.accept(out);
      return ByteBufUtil.hexDump(out);
    } finally {
      out.release();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // RFC 8949 Appendix A, unsigned integers
    "0, 00",
    "1, 01",
    "10, 0a",
    "23, 17",
    "24, 1818",
    "25, 1819",
    "100, 1864",
    "1000, 1903e8",
    "1000000, 1a000f4240",
    "1000000000000, 1b000000e8d4a51000",
    "18446744073709551615, 1bffffffffffffffff",
  })
  void writesRfc8949AppendixAUnsignedIntegers(String value, String expected) {
    long unsigned = Long.parseUnsignedLong(value);
    assertThat(hex(out -> CborWriter.writeUnsigned(out, unsigned))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "23, 17",
    "24, 1818",
    "255, 18ff",
    "256, 190100",
    "65535, 19ffff",
    "65536, 1a00010000",
    "4294967295, 1affffffff",
    "4294967296, 1b0000000100000000",
    "9223372036854775807, 1b7fffffffffffffff",
    "9223372036854775808, 1b8000000000000000",
  })
  void writesEachIntegerInTheShortestArgumentWidthAtEveryBoundary(String value, String expected) {
    long unsigned = Long.parseUnsignedLong(value);
    assertThat(hex(out -> CborWriter.writeUnsigned(out, unsigned))).isEqualTo(expected);
    assertThat(CborWriter.headerSize(unsigned)).isEqualTo(expected.length() / 2);
  }

  @Test
  void writesTheSameArgumentWidthsForEveryMajorType() {
    assertThat(hex(out -> CborWriter.writeHeader(out, CborReader.MAJOR_BYTES, 24)))
        .isEqualTo("5818");
    assertThat(hex(out -> CborWriter.writeHeader(out, CborReader.MAJOR_TEXT, 256)))
        .isEqualTo("790100");
    assertThat(hex(out -> CborWriter.writeHeader(out, CborReader.MAJOR_ARRAY, 65536)))
        .isEqualTo("9a00010000");
    assertThat(hex(out -> CborWriter.writeHeader(out, CborReader.MAJOR_MAP, 1L << 32)))
        .isEqualTo("bb0000000100000000");
    assertThat(hex(out -> CborWriter.writeHeader(out, CborReader.MAJOR_TAG, 1))).isEqualTo("c1");
    assertThat(hex(out -> CborWriter.writeHeader(out, CborReader.MAJOR_NEGATIVE, 0)))
        .isEqualTo("20");
  }

  @Test
  void writesRfc8949AppendixAByteStrings() {
    assertThat(hex(out -> CborWriter.writeByteString(out, new byte[0]))).isEqualTo("40");
    assertThat(hex(out -> CborWriter.writeByteString(out, new byte[] {1, 2, 3, 4})))
        .isEqualTo("4401020304");
  }

  @Test
  void writesTheRemainingBytesOfAByteBufferWithoutMovingItsPosition() {
    ByteBuffer bytes = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 4});
    bytes.position(1);
    assertThat(hex(out -> CborWriter.writeByteString(out, bytes))).isEqualTo("4401020304");
    assertThat(bytes.position()).isEqualTo(1);
  }

  @Test
  void writesAByteStringHeaderThatTheCallerFollowsWithContent() {
    assertThat(hex(out -> CborWriter.writeByteStringHeader(out, 300))).isEqualTo("59012c");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({
    "'', 60",
    "a, 6161",
    "IETF, 6449455446",
    "\"\\, 62225c",
    "\u00fc, 62c3bc",
    "\u6c34, 63e6b0b4",
    "\ud800\udd51, 64f0908591",
  })
  void writesRfc8949AppendixATextStrings(String text, String expected) {
    assertThat(hex(out -> CborWriter.writeTextString(out, text))).isEqualTo(expected);
  }

  @Test
  void rejectsATextWithAnUnpairedSurrogateAndWritesNothing() {
    ByteBuf out = Unpooled.buffer();
    try {
      assertThatThrownBy(() -> CborWriter.writeTextString(out, "a\ud800b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("surrogate");
      assertThatThrownBy(() -> CborWriter.writeTextString(out, "\udc00"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(out.writerIndex()).isZero();
    } finally {
      out.release();
    }
  }

  @Test
  void writesRfc8949AppendixADefiniteArrays() {
    assertThat(hex(out -> CborWriter.writeArrayHeader(out, 0))).isEqualTo("80");
    assertThat(
            hex(
                out -> {
                  CborWriter.writeArrayHeader(out, 3);
                  CborWriter.writeUnsigned(out, 1);
                  CborWriter.writeArrayHeader(out, 2);
                  CborWriter.writeUnsigned(out, 2);
                  CborWriter.writeUnsigned(out, 3);
                  CborWriter.writeArrayHeader(out, 2);
                  CborWriter.writeUnsigned(out, 4);
                  CborWriter.writeUnsigned(out, 5);
                }))
        .isEqualTo("8301820203820405");
    assertThat(
            hex(
                out -> {
                  CborWriter.writeArrayHeader(out, 25);
                  for (int i = 1; i <= 25; i++) {
                    CborWriter.writeUnsigned(out, i);
                  }
                }))
        .isEqualTo("98190102030405060708090a0b0c0d0e0f101112131415161718181819");
  }

  @Test
  void writesRfc8949AppendixAIndefiniteArrays() {
    assertThat(
            hex(
                out -> {
                  CborWriter.writeIndefiniteArrayStart(out);
                  CborWriter.writeBreak(out);
                }))
        .isEqualTo("9fff");
    assertThat(
            hex(
                out -> {
                  CborWriter.writeIndefiniteArrayStart(out);
                  CborWriter.writeUnsigned(out, 1);
                  CborWriter.writeArrayHeader(out, 2);
                  CborWriter.writeUnsigned(out, 2);
                  CborWriter.writeUnsigned(out, 3);
                  CborWriter.writeIndefiniteArrayStart(out);
                  CborWriter.writeUnsigned(out, 4);
                  CborWriter.writeUnsigned(out, 5);
                  CborWriter.writeBreak(out);
                  CborWriter.writeBreak(out);
                }))
        .isEqualTo("9f018202039f0405ffff");
  }

  @Test
  void writesBooleansAsSimpleValues20And21() {
    assertThat(hex(out -> CborWriter.writeBoolean(out, false))).isEqualTo("f4");
    assertThat(hex(out -> CborWriter.writeBoolean(out, true))).isEqualTo("f5");
  }

  @Test
  void appendsAtTheWriterIndexAndLeavesEarlierBytesAlone() {
    ByteBuf out = Unpooled.buffer();
    try {
      out.writeByte(0xaa);
      CborWriter.writeUnsigned(out, 500);
      assertThat(ByteBufUtil.hexDump(out)).isEqualTo("aa1901f4");
      assertThat(out.readerIndex()).isZero();
    } finally {
      out.release();
    }
  }

  @Test
  void rejectsNegativeLengthsAndMajorTypesOutside0To7() {
    ByteBuf out = Unpooled.buffer();
    try {
      for (Runnable call :
          List.<Runnable>of(
              () -> CborWriter.writeArrayHeader(out, -1),
              () -> CborWriter.writeByteStringHeader(out, -1),
              () -> CborWriter.writeHeader(out, 8, 0),
              () -> CborWriter.writeHeader(out, -1, 0))) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(out.writerIndex()).isZero();
    } finally {
      out.release();
    }
  }

  @Test
  void reportsTheHeaderSizeOfEveryArgumentWidth() {
    assertThat(CborWriter.headerSize(0)).isEqualTo(1);
    assertThat(CborWriter.headerSize(23)).isEqualTo(1);
    assertThat(CborWriter.headerSize(24)).isEqualTo(2);
    assertThat(CborWriter.headerSize(0xff)).isEqualTo(2);
    assertThat(CborWriter.headerSize(0x100)).isEqualTo(3);
    assertThat(CborWriter.headerSize(0xffff)).isEqualTo(3);
    assertThat(CborWriter.headerSize(0x10000)).isEqualTo(5);
    assertThat(CborWriter.headerSize(0xffff_ffffL)).isEqualTo(5);
    assertThat(CborWriter.headerSize(0x1_0000_0000L)).isEqualTo(9);
    assertThat(CborWriter.headerSize(-1L)).isEqualTo(9);
  }
}
