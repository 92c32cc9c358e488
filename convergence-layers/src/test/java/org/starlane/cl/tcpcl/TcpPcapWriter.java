package org.starlane.cl.tcpcl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one TCP connection between two IPv4 endpoints into a classic pcap file (link type 101, raw
 * IP) with synthetic headers: the three-way handshake, the payload octets in both directions with
 * consistent sequence and acknowledgement numbers (in chunks of at most 16000 octets), and a FIN
 * exchange. Checksums are computed. Confined to one thread.
 */
final class TcpPcapWriter {
  private static final int CHUNK = 16000;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final byte[] clientIp = {127, 0, 0, 1};
  private final byte[] serverIp = {127, 0, 0, 2};
  private final int clientPort;
  private final int serverPort;
  private long clientSeq = 1000;
  private long serverSeq = 5000;
  private long micros = 1_700_000_000_000_000L;

  TcpPcapWriter(int clientPort, int serverPort) {
    this.clientPort = clientPort;
    this.serverPort = serverPort;
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    h.putInt(262144).putInt(101);
    out.writeBytes(h.array());
    packet(true, 0x02, new byte[0]); // SYN
    clientSeq++;
    packet(false, 0x12, new byte[0]); // SYN+ACK
    serverSeq++;
    packet(true, 0x10, new byte[0]); // ACK
  }

  /** Octets sent by the client (true) or the server (false). */
  void data(boolean fromClient, byte[] bytes) {
    for (int at = 0; at < bytes.length; at += CHUNK) {
      int n = Math.min(CHUNK, bytes.length - at);
      byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, at + n);
      packet(fromClient, 0x18, chunk); // PSH+ACK
      if (fromClient) {
        clientSeq += n;
      } else {
        serverSeq += n;
      }
    }
  }

  void writeTo(Path file) throws IOException {
    packet(true, 0x11, new byte[0]); // FIN+ACK
    clientSeq++;
    packet(false, 0x11, new byte[0]);
    serverSeq++;
    packet(true, 0x10, new byte[0]);
    Files.write(file, out.toByteArray());
  }

  private void packet(boolean fromClient, int flags, byte[] payload) {
    byte[] src = fromClient ? clientIp : serverIp;
    byte[] dst = fromClient ? serverIp : clientIp;
    int totalLength = 20 + 20 + payload.length;
    ByteBuffer p = ByteBuffer.allocate(totalLength);
    p.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) 0);
    p.putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
    p.putShort(10, (short) checksum(p.array(), 0, 20, 0));
    int tcpAt = 20;
    p.putShort((short) (fromClient ? clientPort : serverPort));
    p.putShort((short) (fromClient ? serverPort : clientPort));
    p.putInt((int) (fromClient ? clientSeq : serverSeq));
    p.putInt(flags == 0x02 ? 0 : (int) (fromClient ? serverSeq : clientSeq));
    p.put((byte) 0x50)
        .put((byte) flags)
        .putShort((short) 65535)
        .putShort((short) 0)
        .putShort((short) 0);
    p.put(payload);
    long pseudo = 0;
    for (int i = 0; i < 4; i += 2) {
      pseudo += ((src[i] & 0xFF) << 8) | (src[i + 1] & 0xFF);
      pseudo += ((dst[i] & 0xFF) << 8) | (dst[i + 1] & 0xFF);
    }
    pseudo += 6 + (20 + payload.length);
    p.putShort(tcpAt + 16, (short) checksum(p.array(), tcpAt, 20 + payload.length, pseudo));
    ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    micros += 100;
    rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000));
    rec.putInt(totalLength).putInt(totalLength);
    out.writeBytes(rec.array());
    out.writeBytes(p.array());
  }

  private static int checksum(byte[] b, int off, int len, long initial) {
    long sum = initial;
    for (int i = 0; i + 1 < len; i += 2) {
      sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
    }
    if (len % 2 == 1) {
      sum += (b[off + len - 1] & 0xFF) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (int) (~sum & 0xFFFF);
  }
}
