package org.starlane.cl.tcpcl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;

/**
 * A TCPCL peer driven octet by octet from a test over a plain blocking socket: it sends what the
 * test says (valid or not) and reads what the entity under test answers. Confined to the test
 * thread.
 */
final class ScriptedPeer implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final TcpclFrames frames =
      new TcpclFrames(new TcpclLimits(TcpclLimits.MAX_SEGMENT_BYTES, 0xFFFF, 1 << 20));
  private final ByteBuf received = Unpooled.buffer();

  private ScriptedPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** A peer that connects to {@code address} (we are the active entity). */
  static ScriptedPeer connect(InetSocketAddress address) throws IOException {
    return new ScriptedPeer(new Socket(address.getAddress(), address.getPort()));
  }

  /** A peer that accepts one connection on {@code server}. */
  static ScriptedPeer accept(ServerSocket server) throws IOException {
    server.setSoTimeout((int) TIMEOUT.toMillis());
    return new ScriptedPeer(server.accept());
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void send(TcpclMessage m) throws IOException {
    send(TcpclFrames.toBytes(m));
  }

  void sendContactHeader(boolean canTls) throws IOException {
    ByteBuf b = Unpooled.buffer();
    ContactHeader.v4(canTls).writeTo(b);
    byte[] bytes = new byte[6];
    b.readBytes(bytes);
    b.release();
    send(bytes);
  }

  void sendSessInit(String nodeId, int keepalive, long segmentMru, long transferMru)
      throws IOException {
    send(new SessInit(keepalive, segmentMru, transferMru, nodeId, List.of()));
  }

  /** Contact header and SESS_INIT exchange as the active entity; returns the peer's SESS_INIT. */
  SessInit handshakeAsActive(String nodeId, int keepalive) throws IOException {
    sendContactHeader(false);
    ContactHeader ch = readContactHeader();
    if (ch.version() != 4) {
      throw new IOException("contact header " + ch);
    }
    sendSessInit(nodeId, keepalive, 1 << 20, 1 << 24);
    return (SessInit) readMessage();
  }

  /** Contact header and SESS_INIT exchange as the passive entity. */
  SessInit handshakeAsPassive(String nodeId, int keepalive, long segmentMru, long transferMru)
      throws IOException {
    readContactHeader();
    sendContactHeader(false);
    SessInit theirs = (SessInit) readMessage();
    sendSessInit(nodeId, keepalive, segmentMru, transferMru);
    return theirs;
  }

  ContactHeader readContactHeader() throws IOException {
    ContactHeader h;
    while ((h = ContactHeader.readFrom(received)) == null) {
      fill();
    }
    return h;
  }

  /** The next message; throws if the connection closes or nothing comes within the timeout. */
  TcpclMessage readMessage() throws IOException {
    TcpclMessage m;
    while ((m = frames.read(received)) == null) {
      fill();
    }
    received.discardReadBytes();
    return m;
  }

  /** The next message that is not a KEEPALIVE. */
  TcpclMessage readMessageSkippingKeepalives() throws IOException {
    TcpclMessage m;
    do {
      m = readMessage();
    } while (m instanceof TcpclMessage.Keepalive);
    return m;
  }

  /** Whether the other side closes the connection (EOF) within the timeout, ignoring octets. */
  boolean closedByPeer() throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Octets received and not yet read as messages. */
  int unread() {
    return received.readableBytes();
  }

  /** Whether the connection ends with no octet at all received. */
  boolean closedSilently() throws IOException {
    return received.readableBytes() == 0 && in.read() < 0;
  }

  private void fill() throws IOException {
    byte[] buf = new byte[65536];
    int n = in.read(buf);
    if (n < 0) {
      throw new IOException("connection closed by the entity under test");
    }
    received.writeBytes(buf, 0, n);
  }

  /** Closes the connection; idempotent (a test may drop the connection before the teardown). */
  @Override
  public void close() throws IOException {
    if (received.refCnt() > 0) {
      received.release();
    }
    socket.close();
  }
}
