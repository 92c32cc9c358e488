package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.BundleCodec;

/**
 * The bundles in {@code samples/} at the repository root are what {@code samples/README.md} says:
 * its commands make them byte for byte, and {@code corrupted.bundle} fails as documented.
 */
class SamplesTest {
  /** Surefire runs in the module directory, node/. */
  private static final Path SAMPLES = Path.of("..", "samples");

  private static byte[] sample(String name) throws Exception {
    return Files.readAllBytes(SAMPLES.resolve(name));
  }

  @Test
  void helloBundleIsWhatTheReadmeCommandMakes() throws Exception {
    CommandRun run =
        CommandRun.of(
            "bundle",
            "create",
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--report-to",
            "ipn:1.0",
            "--payload",
            "Hello, Starlane!",
            "--hop-limit",
            "32",
            "--lifetime",
            "24h",
            "--creation-time",
            "2025-01-01T00:00:00Z",
            "--sequence",
            "0",
            "--out",
            "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.stdout()).hasSize(84).isEqualTo(sample("hello.bundle"));
  }

  @Test
  void relayedBundleIsWhatTheReadmeCommandMakes() throws Exception {
    CommandRun run =
        CommandRun.of(
            "bundle",
            "create",
            "--source",
            "dtn://lander/",
            "--destination",
            "dtn://ground/telemetry",
            "--payload",
            "Relayed by the orbiter",
            "--previous-node",
            "dtn://orbiter/",
            "--bundle-age",
            "1500ms",
            "--hop-limit",
            "8",
            "--crc",
            "crc16",
            "--lifetime",
            "P7D",
            "--creation-time",
            "2025-01-01T00:00:00Z",
            "--sequence",
            "1",
            "--out",
            "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.stdout()).hasSize(138).isEqualTo(sample("relayed.bundle"));
  }

  @Test
  void corruptedBundleIsHelloWithOnePayloadBitFlippedAndFailsItsCrc() throws Exception {
    byte[] hello = sample("hello.bundle");
    byte[] corrupted = sample("corrupted.bundle");
    hello[0x45] ^= 0x20;
    assertThat(corrupted).isEqualTo(hello);

    CommandRun run =
        CommandRun.of("bundle", "inspect", SAMPLES.resolve("corrupted.bundle").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("Invalid bundle: block 1 (type 1, payload), field 'CRC': CRC32C mismatch")
        .contains("(at byte offset 78)");
  }

  @Test
  void validSamplesDecode() throws Exception {
    assertThat(BundleCodec.DEFAULT.decode(sample("hello.bundle")).hopCount()).isPresent();
    assertThat(BundleCodec.DEFAULT.decode(sample("relayed.bundle")).previousNode()).isPresent();
  }
}
