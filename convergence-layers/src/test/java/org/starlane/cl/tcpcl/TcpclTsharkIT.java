package org.starlane.cl.tcpcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.SendResult;

/**
 * A plain TCPCLv4 session between two convergence layers, recorded by a relay in the middle and
 * written as a pcap, read back by Wireshark's dissectors ({@code tshark -2 -d tcp.port==N,tcpcl}):
 * every message is TCPCL, the bundles are BPv7, and there are no expert errors. An independent
 * check of the octets on the wire against RFC 9174 and RFC 9171.
 */
class TcpclTsharkIT {
  private static final int SERVER_PORT = 4556;

  /** One relayed chunk of octets, in the order the relay forwarded it. */
  private record Chunk(boolean fromClient, byte[] bytes) {}

  @Test
  void tsharkDissectsASessionAsTcpclAndBpv7WithoutExpertErrors(@TempDir Path dir) throws Exception {
    RecordingListener received = new RecordingListener();
    TcpclConvergenceLayer server =
        new TcpclConvergenceLayer(
            TcpclConfig.builder(EndpointId.ipn(2, 0))
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .limits(new TcpclLimits(4000, 1024, 4096))
                .build());
    TcpclConvergenceLayer client =
        new TcpclConvergenceLayer(TcpclConfig.builder(EndpointId.ipn(1, 0)).build());
    List<Chunk> chunks = new ArrayList<>();
    server.start(received);
    client.start(new RecordingListener());
    try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread relayThread =
          new Thread(() -> relayOnce(relay, server.localAddress().orElseThrow(), chunks));
      relayThread.setDaemon(true);
      relayThread.start();
      TcpclLink link =
          client
              .connect(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.getLocalPort()))
              .get(20, TimeUnit.SECONDS);
      // one single-segment bundle, one segmented over the 4000-octet segment MRU
      for (Bundle b :
          List.of(RecordingListener.bundle(100, 1), RecordingListener.bundle(9000, 2))) {
        assertThat(link.send(b).toCompletableFuture().get(20, TimeUnit.SECONDS))
            .isEqualTo(SendResult.SENT);
        RecordingListener.next(received.bundles);
      }
      link.terminate(SessTermReason.UNKNOWN);
      relayThread.join(20_000);
    } finally {
      client.stop();
      server.stop();
    }
    TcpPcapWriter pcap = new TcpPcapWriter(40000, SERVER_PORT);
    synchronized (chunks) {
      for (Chunk c : chunks) {
        pcap.data(c.fromClient(), c.bytes());
      }
    }
    Path file = dir.resolve("tcpcl.pcap");
    pcap.writeTo(file);
    // kept for a human to open in Wireshark
    Files.createDirectories(Path.of("target"));
    Files.copy(
        file,
        Path.of("target", "tcpcl-session.pcap"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    String fields =
        tshark(
            file,
            "-T",
            "fields",
            "-E",
            "separator=|",
            "-e",
            "frame.protocols",
            "-e",
            "tcpcl.v4.mhdr.type",
            "-e",
            "_ws.expert.severity");
    List<String> protocols = new ArrayList<>();
    List<String> severities = new ArrayList<>();
    StringBuilder types = new StringBuilder();
    for (String line : fields.split("\n")) {
      String[] f = line.split("\\|", -1);
      protocols.add(f[0]);
      types.append(f[1]).append(',');
      severities.add(f.length > 2 ? f[2] : "");
    }
    assertThat(protocols).anyMatch(p -> p.contains(":tcpcl"));
    assertThat(protocols).anyMatch(p -> p.contains(":tcpcl") && p.contains("bpv7"));
    long bpv7Frames = protocols.stream().filter(p -> p.contains("bpv7")).count();
    assertThat(bpv7Frames).as("frames with a bundle").isGreaterThanOrEqualTo(2);
    // SESS_INIT (7), XFER_SEGMENT (1), XFER_ACK (2), SESS_TERM (5) all dissected
    assertThat(types.toString()).contains("7").contains("1").contains("2").contains("5");
    // Wireshark's expert severity "error" is 8388608 (PI_ERROR); none may appear
    assertThat(String.join(",", severities)).doesNotContain("8388608");
    String expert = tshark(file, "-q", "-z", "expert,error");
    assertThat(expert).doesNotContain("Errors (");
  }

  private static String tshark(Path file, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "tshark",
                "-2",
                "-n",
                "-d",
                "tcp.port==" + SERVER_PORT + ",tcpcl",
                "-r",
                file.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("tshark failed: %s", err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Accepts one connection and relays it to {@code target}, recording every chunk in order. */
  private static void relayOnce(ServerSocket relay, InetSocketAddress target, List<Chunk> chunks) {
    try (Socket client = relay.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort())) {
      Thread back = new Thread(() -> pump(upstream, client, false, chunks));
      back.setDaemon(true);
      back.start();
      pump(client, upstream, true, chunks);
      back.join(20_000);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void pump(Socket from, Socket to, boolean fromClient, List<Chunk> chunks) {
    byte[] buf = new byte[65536];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (chunks) {
          // recorded and forwarded under one lock: the capture's order is the relay's order
          chunks.add(new Chunk(fromClient, java.util.Arrays.copyOf(buf, n)));
          out.write(buf, 0, n);
          out.flush();
        }
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // the other side closed
    }
  }
}
