package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code starlane.jar} (and the {@code bin/starlane} launcher) as real processes:
 * the manifest, the main class, the exit codes and the streams of a packaged build.
 */
class StarlaneJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path jar;

  @TempDir Path dir;

  /** Exit code, standard output bytes and standard error text of one process. */
  private record Result(int exitCode, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("starlane.jar", "target/starlane.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar (run 'package' first)").isRegularFile();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Result run(List<String> command, byte[] stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    Path in = Files.write(Files.createTempFile(dir, "stdin", ".bin"), stdin);
    Path out = Files.createTempFile(dir, "stdout", ".bin");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readAllBytes(out),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Result starlane(byte[] stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    return run(command, stdin, Map.of());
  }

  private Result starlane(String... args) throws Exception {
    return starlane(new byte[0], args);
  }

  @Test
  void createHexThenInspectJsonRoundTripsTheBundle() throws Exception {
    Result created =
        starlane(
            "bundle",
            "create",
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--payload",
            "Hello from a process",
            "--hop-limit",
            "16",
            "--lifetime",
            "90m",
            "--creation-time",
            "2025-03-01T00:00:00Z",
            "--hex");

    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stderr()).isEmpty();
    String hex = created.out().strip();
    assertThat(hex).matches("9f[0-9a-f]+ff");

    Result inspected = starlane("bundle", "inspect", "--hex", hex, "--json");

    assertThat(inspected.exitCode()).as(inspected.stderr()).isZero();
    JsonNode json = JSON.readTree(inspected.stdout());
    assertThat(json.get("source").asText()).isEqualTo("ipn:1.0");
    assertThat(json.get("destination").asText()).isEqualTo("ipn:2.1");
    assertThat(json.get("lifetimeMillis").asLong()).isEqualTo(5_400_000L);
    assertThat(json.get("creationTimestamp").get("instant").asText())
        .isEqualTo("2025-03-01T00:00:00Z");
    assertThat(json.get("blocks").get(0).get("hopCount").get("limit").asInt()).isEqualTo(16);
    assertThat(json.get("blocks").get(1).get("data").asText())
        .isEqualTo(
            HexFormat.of().formatHex("Hello from a process".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void binaryOutputPipesIntoInspectOnStandardInput() throws Exception {
    Result created =
        starlane(
            "bundle", "create", "--source", "ipn:1.0", "--destination", "ipn:2.1", "--out", "-");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stdout()[0]).as("indefinite-length array").isEqualTo((byte) 0x9f);

    Result inspected = starlane(created.stdout(), "bundle", "inspect");

    assertThat(inspected.exitCode()).as(inspected.stderr()).isZero();
    assertThat(inspected.out()).contains("Primary block").contains("destination       ipn:2.1");
  }

  @Test
  void aCorruptedBundleExitsWith2AndSaysWhereOnStandardError() throws Exception {
    Result created =
        starlane("bundle", "create", "--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex");
    String hex = created.out().strip();
    String corrupted = hex.substring(0, 4) + "06" + hex.substring(6); // version 7 -> 6

    Result inspected = starlane("bundle", "inspect", "--hex", corrupted);

    assertThat(inspected.exitCode()).isEqualTo(2);
    assertThat(inspected.stdout()).isEmpty();
    assertThat(inspected.stderr())
        .contains("Invalid bundle: primary block, field 'version': version 6 is not BPv7 (7)")
        .contains("(at byte offset 2)");
  }

  @Test
  void aUsageErrorExitsWith1AndPointsToHelp() throws Exception {
    Result result =
        starlane("bundle", "create", "--source", "nowhere", "--destination", "ipn:2.1", "--hex");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("Invalid value for option '--source'")
        .contains("Try 'starlane bundle create --help' for more information.");
  }

  @Test
  void versionComesFromTheJarManifest() throws Exception {
    Result result = starlane("--version");

    assertThat(result.exitCode()).isZero();
    String expected = System.getProperty("starlane.version");
    assertThat(result.out()).startsWith("starlane " + (expected == null ? "" : expected));
    assertThat(result.out()).doesNotContain("development build");
  }

  @Test
  void launcherScriptRunsTheJarOfItsCheckout() throws Exception {
    Path script = jar.getParent().getParent().getParent().resolve("bin").resolve("starlane");
    assertThat(script).isRegularFile();

    Result result =
        run(
            List.of("bash", script.toString(), "--version"),
            new byte[0],
            Map.of("JAVA_HOME", System.getProperty("java.home")));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.out()).startsWith("starlane ");
  }

  @Test
  void launcherScriptSaysHowToBuildWhenTheJarIsMissing() throws Exception {
    Path checkout = dir.resolve("checkout");
    Files.createDirectories(checkout.resolve("bin"));
    Path script = checkout.resolve("bin").resolve("starlane");
    Files.copy(jar.getParent().getParent().getParent().resolve("bin").resolve("starlane"), script);

    Result result = run(List.of("bash", script.toString(), "--version"), new byte[0], Map.of());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .contains(checkout.toRealPath().resolve("node/target/starlane.jar").toString())
        .contains("./mvnw -q -B package -DskipTests");
  }
}
