package org.starlane.cl.udpcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.SendResult;
import org.starlane.cl.testing.PcapWriter;

/**
 * Wireshark's reading of what the UDP convergence layer really sends (RFC 7122 §3.2): the datagrams
 * a real socket received from it are written to a capture with synthetic IPv4/UDP headers and read
 * back with {@code tshark -2 -d udp.port==N,bundle}. Every frame must carry the bpv7 layer, with
 * checked CRCs, and Wireshark must raise no expert warning or error (a bad CRC is a warning: the
 * test shows that a flipped bit is reported).
 *
 * <p>Wireshark 4.0 cannot dissect three-element ipn EIDs; the bundles use {@code ipn:N.S}.
 */
class UdpclTsharkIT {
  /** Wireshark's expert severity "warning" (PI_WARN): a bad CRC is reported at this level. */
  private static final long PI_WARN = 0x00600000L;

  /**
   * The one warning allowed: Wireshark 4.0 has no dissector for the payload of an ipn service, and
   * says so ("Unknown type code", {@code bpv7.sub_type_unknown}); it says nothing about our
   * encoding.
   */
  private static final String NO_PAYLOAD_DISSECTOR = "Unknown type code";

  @TempDir Path dir;

  @Test
  void wiresharkDissectsEveryDatagramAsABundleWithoutExpertErrors() throws Exception {
    List<byte[]> datagrams = new ArrayList<>();
    int sinkPort;
    InetSocketAddress from;
    UdpConvergenceLayer udp =
        UdpConvergenceLayer.builder()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    try (DatagramSocket sink =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      sink.setSoTimeout(30_000);
      sinkPort = sink.getLocalPort();
      udp.start(new RecordingListener());
      from = udp.localAddress();
      Link link = udp.addPeer(ipn(2, 0), (InetSocketAddress) sink.getLocalSocketAddress());
      List<Bundle> bundles = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        bundles.add(bundle(i, ("bundle number " + i).getBytes(StandardCharsets.UTF_8)));
      }
      // the fragments of a larger bundle, as the agent sends them over a small-datagram link
      Bundle large = bundle(9, new byte[3000]);
      bundles.addAll(((Fragmentation.Fragments) Fragmentation.of(large, 1000)).bundles());
      for (Bundle b : bundles) {
        assertThat(link.send(b).toCompletableFuture().get(30, TimeUnit.SECONDS))
            .isEqualTo(SendResult.SENT);
      }
      byte[] buffer = new byte[65_536];
      for (int i = 0; i < bundles.size(); i++) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        sink.receive(packet);
        datagrams.add(Arrays.copyOf(packet.getData(), packet.getLength()));
      }
    } finally {
      udp.stop();
    }

    Path capture = dir.resolve("udpcl.pcap");
    writeCapture(capture, datagrams, from.getPort(), sinkPort);
    List<String[]> frames = dissect(capture, sinkPort);
    assertThat(frames).hasSize(datagrams.size());
    for (String[] f : frames) {
      assertThat(f[1]).as("frame %s protocols", f[0]).contains(":udp:").contains("bpv7");
      assertThat(f[2]).as("frame %s source", f[0]).isEqualTo("ipn:1.1");
      assertThat(warnings(f)).as("frame %s expert warnings and errors", f[0]).isEmpty();
    }

    // The check can fail: one flipped payload bit is a CRC error that Wireshark reports.
    byte[] corrupted = datagrams.get(0).clone();
    corrupted[corrupted.length - 8] ^= 1;
    Path bad = dir.resolve("corrupted.pcap");
    writeCapture(bad, List.of(corrupted), from.getPort(), sinkPort);
    List<String[]> badFrames = dissect(bad, sinkPort);
    assertThat(badFrames).hasSize(1);
    assertThat(warnings(badFrames.get(0)))
        .anySatisfy(w -> assertThat(w).containsIgnoringCase("CRC"));
  }

  private static void writeCapture(Path file, List<byte[]> datagrams, int fromPort, int toPort)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        PcapWriter pcap = new PcapWriter(out, PcapWriter.LinkType.ETHERNET)) {
      Instant time = Instant.parse("2026-01-01T00:00:00Z");
      byte[] loopback = {127, 0, 0, 1};
      for (byte[] d : datagrams) {
        pcap.writeUdpDatagram(time, loopback, fromPort, loopback, toPort, d);
        time = time.plusMillis(1);
      }
    }
  }

  /** The expert infos of warning level or above, but the allowed one, as "severity message". */
  private static List<String> warnings(String[] frame) {
    String[] severities = frame[3].split(",", -1);
    String[] messages = frame[4].split(",", -1);
    List<String> found = new ArrayList<>();
    for (int i = 0; i < severities.length; i++) {
      if (severities[i].isBlank()) {
        continue;
      }
      long severity = Long.decode(severities[i].trim());
      String message = i < messages.length ? messages[i] : "";
      if (severity >= PI_WARN && !message.equals(NO_PAYLOAD_DISSECTOR)) {
        found.add(Long.toHexString(severity) + " " + message);
      }
    }
    return found;
  }

  /** Frame number; protocols; bpv7 source; expert severities; expert messages. */
  private static List<String[]> dissect(Path capture, int port)
      throws IOException, InterruptedException {
    return tshark(
        "-2",
        "-n",
        "-r",
        capture.toString(),
        "-d",
        "udp.port==" + port + ",bundle",
        "-o",
        "bpv7.bp_compute_crc:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "udp.check_checksum:TRUE",
        "-T",
        "fields",
        "-E",
        "separator=;",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
        "-e",
        "frame.number",
        "-e",
        "frame.protocols",
        "-e",
        "bpv7.primary.src_uri",
        "-e",
        "_ws.expert.severity",
        "-e",
        "_ws.expert.message");
  }

  private static Bundle bundle(int sequence, byte[] payload) {
    return Bundle.of(
        PrimaryBlock.of(
            ipn(2, 1), ipn(1, 1), new CreationTimestamp(820_000_000_000L, sequence), 86_400_000),
        CanonicalBlock.payload(ByteBuffer.wrap(payload)));
  }

  private static List<String[]> tshark(String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("tshark");
    command.addAll(List.of(arguments));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new AssertionError(
          "tshark is not installed: this test cross-checks the UDP convergence layer against"
              + " Wireshark and must not be skipped (apt-get install tshark; CI installs it)",
          e);
    }
    byte[] stdout = process.getInputStream().readAllBytes();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("tshark failed: %s", stderr).isZero();
    List<String[]> rows = new ArrayList<>();
    for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        rows.add(line.split(";", -1));
      }
    }
    return rows;
  }
}
