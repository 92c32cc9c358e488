package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/** RFC 9171 §4.3.2: canonical bundle blocks. */
class CanonicalBlockTest {
  private static final byte[] DATA = {1, 2, 3, 4, 5};

  private static CanonicalBlock block(long type, long number, long flags, CrcType crc) {
    return new CanonicalBlock(
        type, number, new BlockProcessingFlags(flags), crc, ByteBuffer.wrap(DATA));
  }

  private static byte[] written(CanonicalBlock b) {
    ByteBuf out = Unpooled.buffer();
    BundleCodec.writeBlock(b, out);
    return ByteBufUtil.getBytes(out);
  }

  @Test
  void writesFiveElementsWithoutCrcAndSixWithOne() {
    for (CrcType crc : CrcType.values()) {
      byte[] expected = ReferenceEncoder.block(192, 7, DATA).flags(0x15).crc(crc.code()).encode();
      assertThat(written(block(192, 7, 0x15, crc))).as("%s", crc).isEqualTo(expected);
    }
    assertThat(written(block(192, 7, 0, CrcType.NONE))[0]).isEqualTo((byte) 0x85);
    assertThat(written(block(192, 7, 0, CrcType.CRC32C))[0]).isEqualTo((byte) 0x86);
  }

  @Test
  void writesLargeTypeNumberAndFlagsUnsigned() {
    CanonicalBlock b = block(-1L, -2L, -3L, CrcType.CRC16_X25);
    byte[] expected = ReferenceEncoder.block(-1L, -2L, DATA).flags(-3L).crc(1).encode();
    assertThat(written(b)).isEqualTo(expected);
  }

  @Test
  void rejectsBlockNumber0() {
    assertThatThrownBy(() -> block(7, 0, 0, CrcType.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block number 0");
  }

  @Test
  void rejectsAPayloadBlockNotNumbered1() {
    assertThatThrownBy(() -> block(BlockType.PAYLOAD, 2, 0, CrcType.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block number 1");
  }

  @Test
  void dataIsAReadOnlyViewThatSharesTheCallersBytes() {
    byte[] bytes = {9, 9, 1, 2, 3, 9};
    CanonicalBlock b = CanonicalBlock.payload(ByteBuffer.wrap(bytes, 2, 3)); // position 2, limit 5
    ByteBuffer view = b.data();
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.position()).isZero();
    assertThat(view.remaining()).isEqualTo(3);
    assertThat(b.dataLength()).isEqualTo(3);
    assertThat(b.dataBytes()).containsExactly(1, 2, 3);
    bytes[3] = 42; // no copy: the view sees the change
    assertThat(b.data().get(1)).isEqualTo((byte) 42);
    assertThatThrownBy(() -> b.data().put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void eachDataCallHandsOutAnIndependentView() {
    CanonicalBlock b = CanonicalBlock.payload(ByteBuffer.wrap(DATA));
    ByteBuffer first = b.data();
    first.get();
    first.limit(2);
    assertThat(b.data().position()).isZero();
    assertThat(b.data().limit()).isEqualTo(5);
  }

  @Test
  void equalityIsByContentNotByBuffer() {
    CanonicalBlock a = block(7, 2, 0, CrcType.NONE);
    CanonicalBlock b =
        new CanonicalBlock(
            7,
            2,
            BlockProcessingFlags.NONE,
            CrcType.NONE,
            ByteBuffer.allocateDirect(5).put(DATA).flip());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(block(7, 2, 0, CrcType.CRC32C));
    assertThat(a).isNotEqualTo(a.withData(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 6})));
  }

  @Test
  void describesBlocksByNumberTypeAndTypeName() {
    assertThat(block(7, 2, 0, CrcType.NONE).describe()).isEqualTo("block 2 (type 7, bundle age)");
    assertThat(block(192, 3, 0, CrcType.NONE).describe())
        .isEqualTo("block 3 (type 192, private/experimental)");
    assertThat(block(99, 3, 0, CrcType.NONE).describe()).isEqualTo("block 3 (type 99, unknown)");
    assertThat(block(-1L, -1L, 0, CrcType.NONE).describe())
        .isEqualTo("block 18446744073709551615 (type 18446744073709551615, unknown)");
  }

  @Test
  void payloadFactoryMakesBlock1WithCrc32c() {
    CanonicalBlock p = CanonicalBlock.payload(ByteBuffer.wrap(DATA));
    assertThat(p.isPayload()).isTrue();
    assertThat(p.number()).isEqualTo(1);
    assertThat(p.crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(p.flags()).isEqualTo(BlockProcessingFlags.NONE);
  }

  @Test
  void knowsTheBlockTypesOfRfc9171AndRfc9172() {
    assertThat(BlockType.isKnown(1)).isTrue();
    assertThat(BlockType.isKnown(6)).isTrue();
    assertThat(BlockType.isKnown(7)).isTrue();
    assertThat(BlockType.isKnown(10)).isTrue();
    assertThat(BlockType.isKnown(11)).isTrue();
    assertThat(BlockType.isKnown(12)).isTrue();
    assertThat(BlockType.isKnown(0)).isFalse();
    assertThat(BlockType.isKnown(192)).isFalse();
  }
}
