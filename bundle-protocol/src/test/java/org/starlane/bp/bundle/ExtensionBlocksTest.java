package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.bundle.ReferenceEncoder.array;
import static org.starlane.bp.bundle.ReferenceEncoder.bytes;
import static org.starlane.bp.bundle.ReferenceEncoder.cat;
import static org.starlane.bp.bundle.ReferenceEncoder.uint;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.eid.EndpointId;

/** RFC 9171 §4.4.1 (previous node), §4.4.2 (bundle age), §4.4.3 (hop count). */
class ExtensionBlocksTest {

  private static byte[] bytesOf(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Test
  void previousNodeDataIsTheNodeIdsCborForm() {
    assertThat(bytesOf(ExtensionBlocks.previousNodeData(EndpointId.parse("ipn:977.0"))))
        .isEqualTo(ReferenceEncoder.ipn(977, 0));
    assertThat(bytesOf(ExtensionBlocks.previousNodeData(EndpointId.parse("dtn://relay/"))))
        .isEqualTo(ReferenceEncoder.dtn("//relay/"));
  }

  @Test
  void readsThePreviousNodeBack() {
    assertThat(ExtensionBlocks.readPreviousNode(ByteBuffer.wrap(ReferenceEncoder.ipn(5, 0))))
        .isEqualTo(EndpointId.parse("ipn:5.0"));
    assertThat(ExtensionBlocks.readPreviousNode(ByteBuffer.wrap(ReferenceEncoder.ipn3(1, 5, 0))))
        .isEqualTo(EndpointId.parse("ipn:1.5.0"));
  }

  @Test
  void rejectsPreviousNodeDataWithBytesAfterTheNodeId() {
    byte[] data = cat(ReferenceEncoder.ipn(5, 0), uint(0));
    assertThatThrownBy(() -> ExtensionBlocks.readPreviousNode(ByteBuffer.wrap(data)))
        .isInstanceOf(CborException.class)
        .hasMessageContaining("after its item");
  }

  @Test
  void bundleAgeDataIsOneUnsignedIntegerOfMilliseconds() {
    assertThat(bytesOf(ExtensionBlocks.bundleAgeData(0))).isEqualTo(bytes(0x00));
    assertThat(bytesOf(ExtensionBlocks.bundleAgeData(1_000_000)))
        .isEqualTo(bytes(0x1a, 0x00, 0x0f, 0x42, 0x40));
    assertThat(ExtensionBlocks.readBundleAgeMillis(ByteBuffer.wrap(uint(-1L)))).isEqualTo(-1L);
  }

  @Test
  void rejectsBundleAgeDataThatIsNotAnUnsignedInteger() {
    assertThatThrownBy(() -> ExtensionBlocks.readBundleAgeMillis(ByteBuffer.wrap(bytes(0x20))))
        .isInstanceOf(CborException.class);
    assertThatThrownBy(() -> ExtensionBlocks.readBundleAgeMillis(ByteBuffer.allocate(0)))
        .isInstanceOf(CborException.class);
  }

  @Test
  void hopCountDataIsTheArrayOfLimitAndCount() {
    assertThat(bytesOf(ExtensionBlocks.hopCountData(new HopCount(30, 2))))
        .isEqualTo(array(uint(30), uint(2)));
    assertThat(ExtensionBlocks.readHopCount(ByteBuffer.wrap(array(uint(255), uint(300)))))
        .isEqualTo(new HopCount(255, 300));
  }

  @Test
  void rejectsHopLimit0And256() {
    assertThatThrownBy(() -> ExtensionBlocks.readHopCount(ByteBuffer.wrap(array(uint(0), uint(0)))))
        .isInstanceOf(CborException.class)
        .hasMessageContaining("hop limit 0");
    assertThatThrownBy(
            () -> ExtensionBlocks.readHopCount(ByteBuffer.wrap(array(uint(256), uint(0)))))
        .isInstanceOf(CborException.class)
        .hasMessageContaining("hop limit 256");
    assertThatThrownBy(() -> new HopCount(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HopCount(256, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAHopCountAbove2To63AndAnArrayOfOtherLength() {
    assertThatThrownBy(
            () -> ExtensionBlocks.readHopCount(ByteBuffer.wrap(array(uint(5), uint(-1L)))))
        .isInstanceOf(CborException.class);
    assertThatThrownBy(
            () -> ExtensionBlocks.readHopCount(ByteBuffer.wrap(array(uint(5), uint(0), uint(0)))))
        .isInstanceOf(CborException.class);
  }

  @Test
  void readsAnIndefiniteLengthHopCountArray() {
    byte[] data = ReferenceEncoder.indefiniteArray(uint(7), uint(3));
    assertThat(ExtensionBlocks.readHopCount(ByteBuffer.wrap(data))).isEqualTo(new HopCount(7, 3));
    byte[] three = ReferenceEncoder.indefiniteArray(uint(7), uint(3), uint(0));
    assertThatThrownBy(() -> ExtensionBlocks.readHopCount(ByteBuffer.wrap(three)))
        .isInstanceOf(CborException.class)
        .hasMessageContaining("extra elements");
  }

  @Test
  void hopCountIsExceededOnlyPastTheLimit() {
    HopCount h = new HopCount(2, 1);
    assertThat(h.isExceeded()).isFalse();
    assertThat(h.increment()).isEqualTo(new HopCount(2, 2));
    assertThat(h.increment().isExceeded()).isFalse();
    assertThat(h.increment().increment().isExceeded()).isTrue();
  }
}
