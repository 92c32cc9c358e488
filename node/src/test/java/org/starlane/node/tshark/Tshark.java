package org.starlane.node.tshark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.starlane.cl.testing.PcapWriter;

/**
 * Runs Wireshark's {@code tshark} on a capture file and returns its dissection, one {@link
 * TsharkFrame} per frame.
 *
 * <p>tshark is a hard requirement of the tests that use it: when it is missing they fail with a
 * message that says how to install it (CI installs it in {@code .ci/run}); they are never skipped.
 *
 * <p>The dissection is {@code tshark -2 -r FILE -d udp.port==PORT,bundle -T json
 * --no-duplicate-keys -x} with the BPv7 preferences this project relies on set explicitly, so a
 * user's Wireshark profile cannot switch off CRC checking or reassembly; IPv4 and UDP checksum
 * checking is switched on to check the capture itself.
 */
final class Tshark {
  /** The UDP port of the datagram convergence layer (RFC 7122 §3.3, IANA "dtn-bundle"). */
  static final int BUNDLE_UDP_PORT = 4556;

  static final int SENDER_PORT = 40556;
  static final byte[] SENDER = {127, 0, 0, 1};
  static final byte[] RECEIVER = {127, 0, 0, 2};

  /** The capture time of the first datagram; later ones follow 10 ms apart. */
  static final Instant CAPTURED = Instant.parse("2025-05-08T06:13:21Z");

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path executable;

  private Tshark(Path executable) {
    this.executable = executable;
  }

  /**
   * The {@code tshark} on the {@code PATH}.
   *
   * @throws AssertionError when there is none (a test failure, not a skip)
   */
  static Tshark locate() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, "tshark");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return new Tshark(candidate);
        }
      }
    }
    return Assertions.fail(
        "tshark (Wireshark's command-line dissector) is not on the PATH ("
            + path
            + "). This integration test cross-checks our BPv7 encoding against Wireshark's BPv7"
            + " dissector and must not be skipped: install it (Debian/Ubuntu: apt-get install"
            + " tshark; CI installs it in .ci/run).");
  }

  Path executable() {
    return executable;
  }

  /** The first line of {@code tshark --version}, for messages. */
  String version() {
    return run(List.of("--version")).lines().findFirst().orElse("tshark (unknown version)");
  }

  /**
   * Dissects {@code capture}, decoding UDP port {@code udpPort} as the Bundle Protocol (which hands
   * version 7 bundles to the {@code bpv7} dissector).
   */
  List<TsharkFrame> dissect(Path capture, int udpPort) {
    String output =
        run(
            List.of(
                "-2",
                "-n",
                "-r",
                capture.toString(),
                "-d",
                "udp.port==" + udpPort + ",bundle",
                "-o",
                "bpv7.bp_compute_crc:TRUE",
                "-o",
                "bpv7.bp_reassemble_payload:TRUE",
                "-o",
                "ip.check_checksum:TRUE",
                "-o",
                "udp.check_checksum:TRUE",
                "-T",
                "json",
                "--no-duplicate-keys",
                "-x"));
    JsonNode root;
    try {
      root = JSON.readTree(output);
    } catch (IOException e) {
      throw new AssertionError("tshark printed output that is not JSON:\n" + output, e);
    }
    if (root == null || !root.isArray()) {
      throw new AssertionError("tshark printed no JSON array of frames:\n" + output);
    }
    List<TsharkFrame> frames = new ArrayList<>(root.size());
    for (JsonNode frame : root) {
      frames.add(new TsharkFrame(frame.path("_source").path("layers")));
    }
    return frames;
  }

  /**
   * Writes each bundle into one UDP datagram to {@link #BUNDLE_UDP_PORT} of a capture {@code file},
   * dissects it, and pairs each bundle with its frame.
   */
  List<DissectedBundle> dissectBundles(Path file, List<EncodedBundle> bundles) throws IOException {
    writeCapture(file, bundles.stream().map(EncodedBundle::bytes).toList());
    List<TsharkFrame> frames = dissect(file, BUNDLE_UDP_PORT);
    String version = version();
    if (frames.size() != bundles.size()) {
      throw new AssertionError(
          version
              + " dissected "
              + frames.size()
              + " frames from "
              + bundles.size()
              + " datagrams");
    }
    List<DissectedBundle> dissected = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      dissected.add(new DissectedBundle(bundles.get(i), frames.get(i), i + 1, version));
    }
    return dissected;
  }

  /** Writes one UDP datagram to {@link #BUNDLE_UDP_PORT} per element of {@code datagrams}. */
  static void writeCapture(Path file, List<byte[]> datagrams) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        PcapWriter pcap = new PcapWriter(out)) {
      Instant time = CAPTURED;
      for (byte[] datagram : datagrams) {
        pcap.writeUdpDatagram(time, SENDER, SENDER_PORT, RECEIVER, BUNDLE_UDP_PORT, datagram);
        time = time.plusMillis(10);
      }
    }
  }

  private String run(List<String> arguments) {
    List<String> command = new ArrayList<>(arguments.size() + 1);
    command.add(executable.toString());
    command.addAll(arguments);
    Path stderr = null;
    try {
      stderr = Files.createTempFile("tshark", ".stderr");
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(stderr.toFile())
              .start();
      byte[] stdout = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + TIMEOUT);
      }
      int exit = process.exitValue();
      if (exit != 0) {
        throw new AssertionError(
            command
                + " exited with status "
                + exit
                + "; stderr:\n"
                + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      return new String(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("could not run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    } finally {
      if (stderr != null) {
        try {
          Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
          // a left-over temporary file does not change the result
        }
      }
    }
  }
}
