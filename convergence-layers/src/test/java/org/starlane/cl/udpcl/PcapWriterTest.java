package org.starlane.cl.udpcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PcapWriterTest {

  @Test
  void internetChecksumMatchesTheRfc1071Example() {
    // RFC 1071 §3: the sum of 00 01 f2 03 f4 f5 f6 f7 is ddf2; its complement 220d
    byte[] bytes = {
      0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7
    };
    assertThat(PcapWriter.checksum(bytes, 0, bytes.length, 0)).isEqualTo(0x220d);
  }

  @Test
  void writesHeadersWhoseChecksumsVerify() throws Exception {
    byte[] payload = {1, 2, 3, 4, 5};
    ByteBuffer capture = ByteBuffer.wrap(PcapWriter.captureOf(payload));
    assertThat(capture.capacity()).isEqualTo(24 + 16 + 14 + 20 + 8 + payload.length);
    int ip = 24 + 16 + 14;
    byte[] bytes = capture.array();
    assertThat(PcapWriter.checksum(bytes, ip, 20, 0)).isZero(); // a valid header sums to zero
    assertThat(capture.getShort(ip + 2)).isEqualTo((short) (20 + 8 + payload.length));
    assertThat(capture.get(ip + 9)).isEqualTo((byte) 17);
    assertThat(capture.getShort(ip + 20 + 4)).isEqualTo((short) (8 + payload.length));
  }
}
