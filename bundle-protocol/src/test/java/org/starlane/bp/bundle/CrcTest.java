package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 9171 §4.2.1 (CRC type) and §4.2.2 (CRC). */
class CrcTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void crcTypeCodesAreTheThreeOfSection421() {
    assertThat(CrcType.NONE.code()).isZero();
    assertThat(CrcType.CRC16_X25.code()).isEqualTo(1);
    assertThat(CrcType.CRC32C.code()).isEqualTo(2);
    assertThat(CrcType.fromCode(0)).isEqualTo(CrcType.NONE);
    assertThat(CrcType.fromCode(1)).isEqualTo(CrcType.CRC16_X25);
    assertThat(CrcType.fromCode(2)).isEqualTo(CrcType.CRC32C);
  }

  @Test
  void crcTypeCodesOtherThan0To2AreNotValid() {
    assertThat(CrcType.fromCode(3)).isNull();
    assertThat(CrcType.fromCode(255)).isNull();
    assertThat(CrcType.fromCode(-1)).isNull(); // 2^64 - 1
  }

  @Test
  void crcValueIsTwoBytesForX25AndFourForCrc32c() {
    assertThat(CrcType.NONE.valueLength()).isZero();
    assertThat(CrcType.CRC16_X25.valueLength()).isEqualTo(2);
    assertThat(CrcType.CRC32C.valueLength()).isEqualTo(4);
  }

  @Test
  void crc16X25OfTheCheckStringIs0x906E() {
    assertThat(Crc.crc16X25(CHECK, 0, CHECK.length)).isEqualTo(0x906E);
    assertThat(ReferenceEncoder.x25(CHECK, 0, CHECK.length)).isEqualTo(0x906E);
  }

  @Test
  void crc32cOfTheCheckStringIs0xE3069283() {
    // Crc.compute zeroes a value field, so append a 4-byte one after the check string and compare
    // with the reference, which sees the zeros too; the plain check value comes from CRC32C.
    assertThat(ReferenceEncoder.crc32c(CHECK, 0, CHECK.length)).isEqualTo(0xE3069283L);
    ByteBuf buf = Unpooled.wrappedBuffer(CHECK, new byte[] {1, 2, 3, 4});
    byte[] withZeros = ReferenceEncoder.cat(CHECK, new byte[4]);
    assertThat(Crc.compute(CrcType.CRC32C, buf, 0, 13, 9))
        .isEqualTo(ReferenceEncoder.crc32c(withZeros, 0, 13));
  }

  @Test
  void crc32cMatchesTheRfc7143AppendixA4Examples() {
    // RFC 9171 §4.2.1 points to RFC 7143 Appendix A.4 for CRC-32C examples (32-byte inputs).
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    byte[] up = new byte[32];
    byte[] down = new byte[32];
    for (int i = 0; i < 32; i++) {
      ones[i] = (byte) 0xff;
      up[i] = (byte) i;
      down[i] = (byte) (31 - i);
    }
    assertThat(ReferenceEncoder.crc32c(zeros, 0, 32)).isEqualTo(0x8A9136AAL);
    assertThat(ReferenceEncoder.crc32c(ones, 0, 32)).isEqualTo(0x62A8AB43L);
    assertThat(ReferenceEncoder.crc32c(up, 0, 32)).isEqualTo(0x46DD794EL);
    assertThat(ReferenceEncoder.crc32c(down, 0, 32)).isEqualTo(0x113FDB5CL);
    // With the value field in the (zero) last 4 bytes, Crc.compute sees the same 32 zeros.
    assertThat(Crc.compute(CrcType.CRC32C, Unpooled.wrappedBuffer(zeros), 0, 32, 28))
        .isEqualTo(0x8A9136AAL);
  }

  @Test
  void computeTakesTheCrcValueFieldAsZeroWhateverItHolds() {
    byte[] block = new byte[40];
    new Random(7).nextBytes(block);
    for (CrcType type : new CrcType[] {CrcType.CRC16_X25, CrcType.CRC32C}) {
      byte[] zeroed = block.clone();
      for (int i = 0; i < type.valueLength(); i++) {
        zeroed[30 + i] = 0;
      }
      long expected =
          type == CrcType.CRC16_X25
              ? ReferenceEncoder.x25(zeroed, 0, 40)
              : ReferenceEncoder.crc32c(zeroed, 0, 40);
      assertThat(Crc.compute(type, Unpooled.wrappedBuffer(block), 0, 40, 30))
          .as("%s over a block with garbage in its value field", type)
          .isEqualTo(expected);
    }
  }

  @Test
  void computeGivesTheSameOnDirectAndHeapBuffersAndMovesNoIndex() {
    byte[] block = new byte[300];
    new Random(11).nextBytes(block);
    ByteBuf direct = Unpooled.directBuffer(310).writeZero(5).writeBytes(block);
    direct.readerIndex(5);
    try {
      for (CrcType type : new CrcType[] {CrcType.CRC16_X25, CrcType.CRC32C}) {
        long heap = Crc.compute(type, Unpooled.wrappedBuffer(block), 0, 300, 100);
        assertThat(Crc.compute(type, direct, 5, 305, 105)).isEqualTo(heap);
      }
      assertThat(direct.readerIndex()).isEqualTo(5);
      assertThat(direct.writerIndex()).isEqualTo(305);
    } finally {
      direct.release();
    }
  }

  @Test
  void computeCoversTheBytesAroundTheValueFieldAtEitherEnd() {
    byte[] block = {9, 8, 7, 6, 5, 4};
    // Value field first and last.
    byte[] first = {0, 0, 7, 6, 5, 4};
    byte[] last = {9, 8, 7, 6, 0, 0};
    assertThat(Crc.compute(CrcType.CRC16_X25, Unpooled.wrappedBuffer(block), 0, 6, 0))
        .isEqualTo(ReferenceEncoder.x25(first, 0, 6));
    assertThat(Crc.compute(CrcType.CRC16_X25, Unpooled.wrappedBuffer(block), 0, 6, 4))
        .isEqualTo(ReferenceEncoder.x25(last, 0, 6));
  }

  @Test
  void thereIsNoCrcToComputeForTypeNone() {
    assertThatThrownBy(() -> Crc.compute(CrcType.NONE, Unpooled.buffer(4), 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
