package org.starlane.cl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcapWriterTest {
  private static final byte[] SOURCE = {10, 0, 0, 1};
  private static final byte[] DESTINATION = {10, 0, 0, 2};
  private static final byte[] PAYLOAD = {0x01, 0x02, 0x03, 0x04, 0x05};

  @Test
  void internetChecksumMatchesTheRfc1071Example() {
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
    byte[] words = {
      0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7
    };
    assertThat(PcapWriter.onesComplementSum(0, words, 0, words.length)).isEqualTo(0xddf2);
    assertThat(PcapWriter.internetChecksum(0, words, 0, words.length)).isEqualTo(0x220d);
  }

  @Test
  void internetChecksumPadsAnOddLastByteWithZero() {
    byte[] odd = {0x12, 0x34, 0x56};
    assertThat(PcapWriter.onesComplementSum(0, odd, 0, 3)).isEqualTo(0x1234 + 0x5600);
  }

  @Test
  void writesAGlobalHeaderForRawIpPackets() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PcapWriter(out).close();
    ByteBuffer header = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(header.remaining()).isEqualTo(PcapWriter.GLOBAL_HEADER_BYTES);
    assertThat(header.getInt()).isEqualTo(0xa1b2c3d4);
    assertThat(header.getShort()).isEqualTo((short) 2);
    assertThat(header.getShort()).isEqualTo((short) 4);
    assertThat(header.getInt()).as("thiszone").isZero();
    assertThat(header.getInt()).as("sigfigs").isZero();
    assertThat(header.getInt()).as("snaplen").isEqualTo(65535);
    assertThat(header.getInt()).as("link type").isEqualTo(101);
  }

  @Test
  void writesOneRecordPerDatagramWithItsTimeAndLength() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter pcap = new PcapWriter(out)) {
      pcap.writeUdpDatagram(
          Instant.ofEpochSecond(1_700_000_000L, 123_456_789L),
          SOURCE,
          40000,
          DESTINATION,
          4556,
          PAYLOAD);
    }
    ByteBuffer file = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    int packetLength = 20 + 8 + PAYLOAD.length;
    assertThat(file.remaining())
        .isEqualTo(PcapWriter.GLOBAL_HEADER_BYTES + PcapWriter.RECORD_HEADER_BYTES + packetLength);
    file.position(PcapWriter.GLOBAL_HEADER_BYTES);
    assertThat(file.getInt()).as("ts_sec").isEqualTo(1_700_000_000);
    assertThat(file.getInt()).as("ts_usec").isEqualTo(123_456);
    assertThat(file.getInt()).as("incl_len").isEqualTo(packetLength);
    assertThat(file.getInt()).as("orig_len").isEqualTo(packetLength);
    assertThat(file.get()).as("IPv4, 5-word header").isEqualTo((byte) 0x45);
  }

  @Test
  void ipv4HeaderCarriesLengthProtocolAddressesAndAVerifyingChecksum() {
    byte[] packet = PcapWriter.ipv4UdpPacket(7, SOURCE, 40000, DESTINATION, 4556, PAYLOAD);
    ByteBuffer ip = ByteBuffer.wrap(packet);
    assertThat(packet).hasSize(20 + 8 + PAYLOAD.length);
    assertThat(ip.getShort(2) & 0xffff).as("total length").isEqualTo(packet.length);
    assertThat(ip.getShort(4) & 0xffff).as("identification").isEqualTo(7);
    assertThat(packet[9]).as("protocol UDP").isEqualTo((byte) 17);
    assertThat(Arrays.copyOfRange(packet, 12, 16)).isEqualTo(SOURCE);
    assertThat(Arrays.copyOfRange(packet, 16, 20)).isEqualTo(DESTINATION);
    assertThat(ip.getShort(10)).as("header checksum is filled in").isNotZero();
    assertThat(PcapWriter.onesComplementSum(0, packet, 0, 20))
        .as("a header with a correct checksum sums to all ones")
        .isEqualTo(0xffff);
  }

  @Test
  void udpHeaderCarriesPortsLengthAndAChecksumThatVerifiesOverThePseudoHeader() {
    byte[] packet = PcapWriter.ipv4UdpPacket(0, SOURCE, 40000, DESTINATION, 4556, PAYLOAD);
    ByteBuffer udp = ByteBuffer.wrap(packet, 20, packet.length - 20).slice();
    int udpLength = 8 + PAYLOAD.length;
    assertThat(udp.getShort(0) & 0xffff).isEqualTo(40000);
    assertThat(udp.getShort(2) & 0xffff).isEqualTo(4556);
    assertThat(udp.getShort(4) & 0xffff).isEqualTo(udpLength);
    assertThat(udp.getShort(6)).as("UDP checksum is filled in").isNotZero();
    assertThat(Arrays.copyOfRange(packet, 28, packet.length)).isEqualTo(PAYLOAD);

    byte[] pseudo =
        ByteBuffer.allocate(12)
            .put(SOURCE)
            .put(DESTINATION)
            .put((byte) 0)
            .put((byte) 17)
            .putShort((short) udpLength)
            .array();
    int sum = PcapWriter.onesComplementSum(0, pseudo, 0, pseudo.length);
    assertThat(PcapWriter.onesComplementSum(sum, packet, 20, udpLength))
        .as("pseudo-header, UDP header and payload with a correct checksum sum to all ones")
        .isEqualTo(0xffff);
  }

  @Test
  void rejectsAPayloadLargerThanAnIpv4PacketCanCarry() {
    byte[] tooLarge = new byte[PcapWriter.MAX_UDP_PAYLOAD_BYTES + 1];
    assertThatThrownBy(
            () -> PcapWriter.ipv4UdpPacket(0, SOURCE, 40000, DESTINATION, 4556, tooLarge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65508");
  }

  @Test
  void writesEthernetFramesWhoseIpv4AndUdpHeadersVerify() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter pcap = new PcapWriter(out, PcapWriter.LinkType.ETHERNET)) {
      pcap.writeUdpDatagram(Instant.EPOCH, SOURCE, 1, DESTINATION, 2, PAYLOAD);
    }
    ByteBuffer capture = ByteBuffer.wrap(out.toByteArray());
    assertThat(capture.order(ByteOrder.LITTLE_ENDIAN).getInt(20)).as("link type").isEqualTo(1);
    capture.order(ByteOrder.BIG_ENDIAN);
    assertThat(capture.capacity()).isEqualTo(24 + 16 + 14 + 20 + 8 + PAYLOAD.length);
    assertThat(capture.getShort(24 + 16 + 12)).as("EtherType IPv4").isEqualTo((short) 0x0800);
    int ip = 24 + 16 + 14;
    byte[] bytes = capture.array();
    assertThat(PcapWriter.internetChecksum(0, bytes, ip, 20))
        .as("a valid header sums to zero")
        .isZero();
    assertThat(capture.getShort(ip + 2)).isEqualTo((short) (20 + 8 + PAYLOAD.length));
    assertThat(capture.get(ip + 9)).isEqualTo((byte) 17);
    assertThat(capture.getShort(ip + 20 + 4)).isEqualTo((short) (8 + PAYLOAD.length));
  }
}
