package org.starlane.cl.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * Writes a classic libpcap capture file (the {@code .pcap} format of libpcap 2.4, microsecond
 * timestamps) whose records are IPv4 packets carrying one UDP datagram each, either raw ({@link
 * LinkType#RAW}) or in a synthetic Ethernet frame ({@link LinkType#ETHERNET}).
 *
 * <pre>
 *   file   = global header (24 bytes, little-endian), then records
 *   record = ts_sec, ts_usec, incl_len, orig_len (4 x 4 bytes, little-endian), frame
 *   frame  = [Ethernet header (14 bytes)] | IPv4 header (20 bytes, RFC 791)
 *            | UDP header (8 bytes, RFC 768) | payload
 * </pre>
 *
 * <p>The IPv4 header checksum and the UDP checksum (over the RFC 768 pseudo-header) are computed,
 * so a dissector that verifies them finds them good. Test-side only: it exists to hand what a
 * convergence layer sent, or a bundle, to Wireshark without capture privileges. Confined to one
 * thread.
 */
public final class PcapWriter implements Closeable {
  /** The link type of a capture: what a record's frame starts with. */
  public enum LinkType {
    /** LINKTYPE_RAW (101): the frame is the IPv4 packet. */
    RAW(101, 0, 0xffff),
    /**
     * LINKTYPE_ETHERNET (1): the packet follows an Ethernet II header (made-up MAC addresses,
     * EtherType IPv4).
     */
    ETHERNET(1, 14, 262_144);

    final int code;
    final int headerBytes;
    final int snaplen;

    LinkType(int code, int headerBytes, int snaplen) {
      this.code = code;
      this.headerBytes = headerBytes;
      this.snaplen = snaplen;
    }
  }

  /** The libpcap magic number, written little-endian: microsecond timestamps. */
  static final int MAGIC = 0xa1b2c3d4;

  public static final int GLOBAL_HEADER_BYTES = 24;
  public static final int RECORD_HEADER_BYTES = 16;
  public static final int IPV4_HEADER_BYTES = 20;
  public static final int UDP_HEADER_BYTES = 8;

  /** The largest UDP payload an IPv4 packet can carry. */
  public static final int MAX_UDP_PAYLOAD_BYTES = 0xffff - IPV4_HEADER_BYTES - UDP_HEADER_BYTES;

  private static final byte[] ETHERNET_HEADER = {
    2, 0, 0, 0, 0, 2, // destination MAC (locally administered)
    2, 0, 0, 0, 0, 1, // source MAC
    0x08, 0x00 // EtherType: IPv4
  };
  private static final int PROTOCOL_UDP = 17;
  private static final int TTL = 64;

  private final OutputStream out;
  private final LinkType linkType;
  private int identification;

  /** A capture of raw IPv4 packets ({@link LinkType#RAW}) into {@code out}. */
  public PcapWriter(OutputStream out) throws IOException {
    this(out, LinkType.RAW);
  }

  /** Writes the global header to {@code out}; the caller keeps ownership of {@code out}. */
  public PcapWriter(OutputStream out, LinkType linkType) throws IOException {
    this.out = Objects.requireNonNull(out, "out");
    this.linkType = Objects.requireNonNull(linkType, "linkType");
    ByteBuffer header = ByteBuffer.allocate(GLOBAL_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(MAGIC);
    header.putShort((short) 2); // version major
    header.putShort((short) 4); // version minor
    header.putInt(0); // thiszone: UTC
    header.putInt(0); // sigfigs
    header.putInt(linkType.snaplen);
    header.putInt(linkType.code);
    out.write(header.array());
  }

  /**
   * Appends one record: an IPv4/UDP packet from {@code source:sourcePort} to {@code
   * destination:destinationPort} carrying {@code payload}, captured at {@code time}.
   */
  public void writeUdpDatagram(
      Instant time,
      byte[] source,
      int sourcePort,
      byte[] destination,
      int destinationPort,
      byte[] payload)
      throws IOException {
    byte[] packet =
        ipv4UdpPacket(identification++, source, sourcePort, destination, destinationPort, payload);
    int frameLength = linkType.headerBytes + packet.length;
    ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt((int) time.getEpochSecond());
    record.putInt(time.getNano() / 1000);
    record.putInt(frameLength);
    record.putInt(frameLength);
    out.write(record.array());
    if (linkType == LinkType.ETHERNET) {
      out.write(ETHERNET_HEADER);
    }
    out.write(packet);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }

  /**
   * An IPv4 packet (no options, "don't fragment" set) carrying one UDP datagram with {@code
   * payload}, both checksums filled in.
   */
  public static byte[] ipv4UdpPacket(
      int identification,
      byte[] source,
      int sourcePort,
      byte[] destination,
      int destinationPort,
      byte[] payload) {
    if (source.length != 4 || destination.length != 4) {
      throw new IllegalArgumentException("IPv4 addresses are 4 bytes");
    }
    checkPort(sourcePort);
    checkPort(destinationPort);
    if (payload.length > MAX_UDP_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "UDP payload of "
              + payload.length
              + " bytes exceeds the IPv4 maximum of "
              + MAX_UDP_PAYLOAD_BYTES);
    }
    int udpLength = UDP_HEADER_BYTES + payload.length;
    int totalLength = IPV4_HEADER_BYTES + udpLength;
    ByteBuffer p = ByteBuffer.allocate(totalLength); // big-endian: network byte order
    p.put((byte) 0x45); // version 4, header length 5 words
    p.put((byte) 0); // DSCP/ECN
    p.putShort((short) totalLength);
    p.putShort((short) identification);
    p.putShort((short) 0x4000); // flags: don't fragment; fragment offset 0
    p.put((byte) TTL);
    p.put((byte) PROTOCOL_UDP);
    p.putShort((short) 0); // header checksum, filled in below
    p.put(source);
    p.put(destination);
    p.putShort((short) sourcePort);
    p.putShort((short) destinationPort);
    p.putShort((short) udpLength);
    p.putShort((short) 0); // UDP checksum, filled in below
    p.put(payload);
    byte[] packet = p.array();

    int headerChecksum = internetChecksum(0, packet, 0, IPV4_HEADER_BYTES);
    packet[10] = (byte) (headerChecksum >>> 8);
    packet[11] = (byte) headerChecksum;

    // RFC 768 pseudo-header: source, destination, zero, protocol, UDP length
    ByteBuffer pseudo = ByteBuffer.allocate(12);
    pseudo.put(source).put(destination).put((byte) 0).put((byte) PROTOCOL_UDP);
    pseudo.putShort((short) udpLength);
    int sum = onesComplementSum(0, pseudo.array(), 0, 12);
    int udpChecksum = internetChecksum(sum, packet, IPV4_HEADER_BYTES, udpLength);
    if (udpChecksum == 0) {
      udpChecksum = 0xffff; // RFC 768: a computed zero is sent as all ones (0 means "none")
    }
    packet[IPV4_HEADER_BYTES + 6] = (byte) (udpChecksum >>> 8);
    packet[IPV4_HEADER_BYTES + 7] = (byte) udpChecksum;
    return packet;
  }

  /**
   * The Internet checksum (RFC 1071) of {@code bytes[offset, offset + length)}, continuing the
   * folded one's-complement {@code sum} of earlier data (0 to start).
   */
  public static int internetChecksum(int sum, byte[] bytes, int offset, int length) {
    return ~onesComplementSum(sum, bytes, offset, length) & 0xffff;
  }

  /** The folded 16-bit one's-complement sum of big-endian words; an odd last byte is padded. */
  public static int onesComplementSum(int sum, byte[] bytes, int offset, int length) {
    long total = sum;
    for (int i = 0; i < length; i += 2) {
      int high = bytes[offset + i] & 0xff;
      int low = i + 1 < length ? bytes[offset + i + 1] & 0xff : 0;
      total += high << 8 | low;
    }
    while ((total >>> 16) != 0) {
      total = (total & 0xffff) + (total >>> 16);
    }
    return (int) total;
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("UDP port " + port + " outside 0..65535");
    }
  }
}
