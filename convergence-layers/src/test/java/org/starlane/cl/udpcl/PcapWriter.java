package org.starlane.cl.udpcl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * Writes a classic libpcap capture (link type Ethernet) of UDP datagrams over IPv4, with synthetic
 * Ethernet, IPv4 (RFC 791) and UDP (RFC 768) headers around each payload and correct IPv4 and UDP
 * checksums, so that Wireshark can check them. For tests: a capture of what a convergence layer
 * really sent, without capture privileges.
 *
 * <pre>
 *   pcap file header (24 octets) | per packet: record header (16) | Ethernet (14) | IPv4 (20)
 *                                                                  | UDP (8) | payload
 * </pre>
 *
 * Confined to the calling thread.
 */
final class PcapWriter implements AutoCloseable {
  private static final int LINKTYPE_ETHERNET = 1;
  private static final int SNAPLEN = 262_144;

  private final OutputStream out;
  private int identification;

  PcapWriter(OutputStream out) throws IOException {
    this.out = out;
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4);
    header.putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
    out.write(header.array());
  }

  /**
   * One UDP datagram from {@code source}:{@code sourcePort} to {@code destination}:{@code port}.
   */
  void writeUdp(
      Instant time,
      byte[] source,
      int sourcePort,
      byte[] destination,
      int destinationPort,
      byte[] payload)
      throws IOException {
    int udpLength = 8 + payload.length;
    int ipLength = 20 + udpLength;
    if (ipLength > 65_535) {
      throw new IllegalArgumentException("payload of " + payload.length + " octets is too long");
    }
    ByteBuffer frame = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
    frame.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1});
    frame.putShort((short) 0x0800);
    int ipStart = frame.position();
    frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLength);
    frame.putShort((short) identification++).putShort((short) 0x4000); // don't fragment
    frame.put((byte) 64).put((byte) 17).putShort((short) 0);
    frame.put(source).put(destination);
    frame.putShort(ipStart + 10, (short) checksum(frame.array(), ipStart, 20, 0));
    int udpStart = frame.position();
    frame.putShort((short) sourcePort).putShort((short) destinationPort);
    frame.putShort((short) udpLength).putShort((short) 0);
    frame.put(payload);
    long pseudo = sum(source, 0, 4) + sum(destination, 0, 4) + 17 + udpLength;
    int udpChecksum = checksum(frame.array(), udpStart, udpLength, pseudo);
    frame.putShort(udpStart + 6, (short) (udpChecksum == 0 ? 0xffff : udpChecksum));

    ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt((int) time.getEpochSecond()).putInt(time.getNano() / 1000);
    record.putInt(frame.capacity()).putInt(frame.capacity());
    out.write(record.array());
    out.write(frame.array());
  }

  /** The Internet checksum (RFC 1071) of {@code length} octets, starting from {@code initial}. */
  static int checksum(byte[] bytes, int offset, int length, long initial) {
    long sum = initial + sum(bytes, offset, length);
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static long sum(byte[] bytes, int offset, int length) {
    long sum = 0;
    for (int i = 0; i < length; i += 2) {
      int hi = bytes[offset + i] & 0xff;
      int lo = i + 1 < length ? bytes[offset + i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
    }
    return sum;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** For tests of this writer: the bytes of a capture of one datagram. */
  static byte[] captureOf(byte[] payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes)) {
      w.writeUdp(
          Instant.EPOCH, new byte[] {127, 0, 0, 1}, 1, new byte[] {127, 0, 0, 1}, 2, payload);
    }
    return bytes.toByteArray();
  }
}
