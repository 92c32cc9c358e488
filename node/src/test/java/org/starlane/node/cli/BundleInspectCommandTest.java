package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;

class BundleInspectCommandTest {
  @TempDir Path dir;

  /** A bundle made by {@code create}: hop limit 30, payload "Hello, Starlane", fixed time. */
  private static String createdHex(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "bundle",
                "create",
                "--source",
                "ipn:1.0",
                "--destination",
                "ipn:2.1",
                "--report-to",
                "ipn:1.7",
                "--payload",
                "Hello, Starlane",
                "--hop-limit",
                "30",
                "--lifetime",
                "1h",
                "--creation-time",
                "2025-01-01T00:00:00Z",
                "--sequence",
                "3",
                "--hex"));
    args.addAll(List.of(extra));
    CommandRun run = CommandRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.hex();
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void roundTripsACreatedBundleThroughJson() {
    String hex = createdHex();

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode json = run.json();
    assertThat(json.get("version").asInt()).isEqualTo(7);
    assertThat(json.get("flags").asLong()).isZero();
    assertThat(json.get("flagNames")).isEmpty();
    assertThat(json.get("crcType").asInt()).isEqualTo(2);
    assertThat(json.get("crcTypeName").asText()).isEqualTo("CRC32C");
    assertThat(json.get("destination").asText()).isEqualTo("ipn:2.1");
    assertThat(json.get("source").asText()).isEqualTo("ipn:1.0");
    assertThat(json.get("reportTo").asText()).isEqualTo("ipn:1.7");
    JsonNode creation = json.get("creationTimestamp");
    assertThat(creation.get("creationTimeMillis").asLong()).isEqualTo(789_004_800_000L);
    assertThat(creation.get("sequenceNumber").asLong()).isEqualTo(3);
    assertThat(creation.get("instant").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(json.get("lifetimeMillis").asLong()).isEqualTo(3_600_000L);
    assertThat(json.has("fragmentOffset")).isFalse();
    assertThat(json.has("totalAduLength")).isFalse();
    assertThat(json.get("bundleId").asText()).isEqualTo("ipn:1.0 @ 789004800000.3");
    assertThat(json.get("encodedLength").asInt()).isEqualTo(hex.length() / 2);

    JsonNode blocks = json.get("blocks");
    assertThat(blocks).hasSize(2);
    JsonNode hop = blocks.get(0);
    assertThat(hop.get("type").asInt()).isEqualTo(10);
    assertThat(hop.get("typeName").asText()).isEqualTo("hop count");
    assertThat(hop.get("number").asInt()).isEqualTo(2);
    assertThat(hop.get("flags").asInt()).isZero();
    assertThat(hop.get("crcType").asInt()).isEqualTo(2);
    assertThat(hop.get("data").asText()).isEqualTo("82181e00");
    assertThat(hop.get("dataLength").asInt()).isEqualTo(4);
    assertThat(hop.get("hopCount").get("limit").asInt()).isEqualTo(30);
    assertThat(hop.get("hopCount").get("count").asInt()).isZero();
    JsonNode payload = blocks.get(1);
    assertThat(payload.get("type").asInt()).isEqualTo(1);
    assertThat(payload.get("typeName").asText()).isEqualTo("payload");
    assertThat(payload.get("number").asInt()).isEqualTo(1);
    assertThat(payload.get("data").asText())
        .isEqualTo(hex("Hello, Starlane".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void jsonDecodesEveryExtensionBlockAndCrcChoice() {
    String hex =
        createdHex("--bundle-age", "PT1.5S", "--previous-node", "dtn://relay/", "--crc", "crc16");

    JsonNode json = CommandRun.of("bundle", "inspect", "--hex", hex, "--json").json();

    assertThat(json.get("crcType").asInt()).isEqualTo(1);
    assertThat(json.get("crcTypeName").asText()).isEqualTo("CRC16_X25");
    JsonNode blocks = json.get("blocks");
    assertThat(blocks).hasSize(4);
    assertThat(blocks.get(0).get("typeName").asText()).isEqualTo("previous node");
    assertThat(blocks.get(0).get("previousNode").asText()).isEqualTo("dtn://relay/");
    assertThat(blocks.get(1).get("typeName").asText()).isEqualTo("bundle age");
    assertThat(blocks.get(1).get("bundleAgeMillis").asLong()).isEqualTo(1500);
    assertThat(blocks.get(2).get("hopCount").get("limit").asInt()).isEqualTo(30);
    for (JsonNode block : blocks) {
      assertThat(block.get("crcTypeName").asText()).isEqualTo("CRC16_X25");
    }
  }

  @Test
  void jsonShowsCrcNoneOnCanonicalBlocksAndCrc32cOnThePrimary() {
    JsonNode json =
        CommandRun.of("bundle", "inspect", "--hex", createdHex("--crc", "none"), "--json").json();

    assertThat(json.get("crcType").asInt()).isEqualTo(2);
    assertThat(json.get("blocks").get(0).get("crcType").asInt()).isZero();
    assertThat(json.get("blocks").get(0).get("crcTypeName").asText()).isEqualTo("NONE");
    assertThat(json.get("blocks").get(1).get("crcType").asInt()).isZero();
  }

  @Test
  void jsonNamesFlagsAndShowsFragmentFieldsAndUnsignedValues() {
    PrimaryBlock primary =
        new PrimaryBlock(
                BundleProcessingFlags.NONE
                    .with(BundleProcessingFlags.REPORT_DELIVERY)
                    .with(0x100000), // unassigned bit 20
                CrcType.CRC32C,
                EndpointId.ipn(2, 1),
                EndpointId.ipn(1, 0),
                EndpointId.ipn(1, 0),
                new CreationTimestamp(1000, -1L), // sequence 2^64-1
                -1L, // lifetime 2^64-1 ms
                0,
                0)
            .asFragment(4, 10);
    CanonicalBlock unknown =
        new CanonicalBlock(
            200,
            5,
            BlockProcessingFlags.NONE.with(BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE),
            CrcType.CRC32C,
            ByteBuffer.wrap(new byte[] {0x01, 0x02}));
    CanonicalBlock payload = CanonicalBlock.payload(ByteBuffer.wrap(new byte[] {'a', 'b', 'c'}));
    String hex = hex(BundleCodec.DEFAULT.encode(Bundle.of(primary, List.of(unknown, payload))));

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("flags").asLong()).isEqualTo(0x120001L);
    assertThat(json.get("flagNames"))
        .extracting(JsonNode::asText)
        .containsExactly("IS_FRAGMENT", "REPORT_DELIVERY", "UNASSIGNED_0x100000");
    assertThat(json.get("fragmentOffset").asLong()).isEqualTo(4);
    assertThat(json.get("totalAduLength").asLong()).isEqualTo(10);
    assertThat(json.get("lifetimeMillis").bigIntegerValue())
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(json.get("creationTimestamp").get("sequenceNumber").bigIntegerValue())
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(json.get("creationTimestamp").get("instant").asText())
        .isEqualTo("2000-01-01T00:00:01Z");
    JsonNode first = json.get("blocks").get(0);
    assertThat(first.get("type").asInt()).isEqualTo(200);
    assertThat(first.get("typeName").asText()).isEqualTo("private/experimental");
    assertThat(first.get("flagNames"))
        .extracting(JsonNode::asText)
        .containsExactly("DISCARD_BLOCK_IF_UNPROCESSABLE");
    assertThat(first.get("data").asText()).isEqualTo("0102");
  }

  @Test
  void textShowsFragmentFieldsAndUnsignedValuesAndNoTextForAnAdministrativeRecord() {
    PrimaryBlock primary =
        new PrimaryBlock(
                BundleProcessingFlags.NONE.with(BundleProcessingFlags.ADMINISTRATIVE_RECORD),
                CrcType.CRC32C,
                EndpointId.ipn(2, 0),
                EndpointId.ipn(1, 0),
                EndpointId.NONE,
                new CreationTimestamp(1000, 0),
                -1L, // lifetime 2^64-1 ms
                0,
                0)
            .asFragment(3, 9);
    CanonicalBlock payload = CanonicalBlock.payload(ByteBuffer.wrap(new byte[] {'a', 'b', 'c'}));
    String hex = hex(BundleCodec.DEFAULT.encode(Bundle.of(primary, payload)));

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("flags +0x3 IS_FRAGMENT ADMINISTRATIVE_RECORD")
        .containsPattern("lifetime +18446744073709551615 ms\\n")
        .containsPattern("fragment offset +3")
        .containsPattern("total ADU length +9")
        .contains("3 bytes: 616263")
        .doesNotContain("\"abc\"");
  }

  @Test
  void jsonGivesANullInstantWhenTheCreationTimeIsUnknown() {
    CommandRun created =
        CommandRun.of(
            "bundle",
            "create",
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--creation-time",
            "0",
            "--bundle-age",
            "10s",
            "--hex");

    JsonNode json = CommandRun.of("bundle", "inspect", "--hex", created.hex(), "--json").json();

    assertThat(json.get("creationTimestamp").get("creationTimeMillis").asLong()).isZero();
    assertThat(json.get("creationTimestamp").get("instant").isNull()).isTrue();
  }

  @Test
  void textShowsThePrimaryBlockAndEveryBlockWithDecodedValues() {
    String hex = createdHex("--bundle-age", "2s", "--previous-node", "ipn:3.0");

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Bundle ipn:1.0 @ 789004800000.3, " + hex.length() / 2 + " bytes, 5 blocks")
        .contains("Primary block")
        .containsPattern("version +7")
        .containsPattern("CRC type +2 \\(CRC32C\\)")
        .containsPattern("destination +ipn:2.1")
        .containsPattern("source +ipn:1.0")
        .containsPattern("report-to +ipn:1.7")
        .containsPattern("creation time +789004800000 ms \\(2025-01-01T00:00:00Z\\)")
        .containsPattern("sequence number +3")
        .containsPattern("lifetime +3600000 ms \\(PT1H\\)")
        .contains("Block 2: previous node (type 6)")
        .containsPattern("previous node +ipn:3.0")
        .contains("Block 3: bundle age (type 7)")
        .containsPattern("bundle age +2000 ms \\(PT2S\\)")
        .contains("Block 4: hop count (type 10)")
        .containsPattern("hop count +0 of limit 30")
        .contains("Block 1: payload (type 1)")
        .contains("15 bytes: 48656c6c6f2c20537461726c616e65")
        .contains("\"Hello, Starlane\"");
  }

  @Test
  void textCutsLongDataShort() {
    String payload = "x".repeat(100);
    CommandRun created =
        CommandRun.of(
            "bundle",
            "create",
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--payload",
            payload,
            "--hex");

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", created.hex());

    assertThat(run.out())
        .contains("100 bytes: " + "78".repeat(64) + "... (36 more; --json shows all)")
        .doesNotContain("78".repeat(65));
  }

  @Test
  void readsABinaryFile() throws Exception {
    Path file = dir.resolve("b.bundle");
    Files.write(file, bytes(createdHex()));

    CommandRun run = CommandRun.of("bundle", "inspect", "--json", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("destination").asText()).isEqualTo("ipn:2.1");
  }

  @Test
  void readsStandardInputForDashOrNoFile() {
    byte[] bundle = bytes(createdHex());

    CommandRun dash = CommandRun.withStdin(bundle, "bundle", "inspect", "-", "--json");
    CommandRun none = CommandRun.withStdin(bundle, "bundle", "inspect", "--json");

    assertThat(dash.exitCode()).isZero();
    assertThat(dash.json().get("source").asText()).isEqualTo("ipn:1.0");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).isEqualTo(dash.out());
  }

  @Test
  void readsHexFromStandardInputForHexDash() {
    String hex = createdHex();

    CommandRun run =
        CommandRun.withStdin(
            (hex + "\n").getBytes(StandardCharsets.US_ASCII), "bundle", "inspect", "--hex", "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Block 1: payload (type 1)");
  }

  @Test
  void hexMayHaveWhitespaceAndUpperCase() {
    String hex = createdHex();
    StringBuilder spaced = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      spaced.append(hex, i, i + 2).append(i % 32 == 30 ? "\n" : i % 8 == 6 ? "\t" : " ");
    }

    CommandRun run =
        CommandRun.of("bundle", "inspect", "--json", "--hex", spaced.toString().toUpperCase());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("encodedLength").asInt()).isEqualTo(hex.length() / 2);
  }

  @Test
  void aCorruptedPayloadGivesExitCode2NamingBlockFieldAndOffset() {
    byte[] bundle = bytes(createdHex());
    // the payload block ends: ... data, 0x44 + 4-byte CRC-32C, then 0xff closes the bundle
    int crcValueOffset = bundle.length - 1 - 4;
    int crcFieldOffset = crcValueOffset - 1; // the byte string header 0x44 starts the CRC field
    int lastPayloadByte = crcFieldOffset - 1;
    bundle[lastPayloadByte] ^= 0x01;

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex(bundle));

    assertThat(run.exitCode()).isEqualTo(StarlaneCommand.EXIT_BUNDLE_FORMAT).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("Invalid bundle: block 1 (type 1, payload), field 'CRC': CRC32C mismatch")
        .contains("(at byte offset " + crcFieldOffset + ")");
  }

  @Test
  void aWrongVersionGivesExitCode2NamingThePrimaryBlockField() {
    byte[] bundle = bytes(createdHex());
    assertThat(bundle[2]).as("version follows 0x9f 0x89").isEqualTo((byte) 7);
    bundle[2] = 6;

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex(bundle), "--json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "Invalid bundle: primary block, field 'version': version 6 is not BPv7 (7) (at byte"
                + " offset 2)"
                + System.lineSeparator());
  }

  @Test
  void aTruncatedBundleGivesExitCode2() {
    String hex = createdHex();

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex.substring(0, 40));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Invalid bundle: primary block").contains("byte offset");
  }

  @Test
  void bytesAfterTheBundleGiveExitCode2() {
    String hex = createdHex();

    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", hex + "00");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("1 bytes follow the end of the bundle")
        .contains("(at byte offset " + hex.length() / 2 + ")");
  }

  @Test
  void anEmptyFileGivesExitCode2() throws Exception {
    Path file = dir.resolve("empty.bundle");
    Files.write(file, new byte[0]);

    CommandRun run = CommandRun.of("bundle", "inspect", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Invalid bundle: bundle");
  }

  @Test
  void aMissingFileGivesExitCode1() {
    Path file = dir.resolve("nothing-here.bundle");

    CommandRun run = CommandRun.of("bundle", "inspect", file.toString());

    assertThat(run.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(run.err())
        .isEqualTo(
            "Cannot read '" + file + "': no such file or directory" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aDirectoryGivesExitCode1() {
    CommandRun run = CommandRun.of("bundle", "inspect", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("Cannot read '" + dir + "': ");
  }

  @Test
  void malformedHexGivesExitCode1NamingTheProblem() {
    CommandRun odd = CommandRun.of("bundle", "inspect", "--hex", "9f8");
    CommandRun letter = CommandRun.of("bundle", "inspect", "--hex", "9f 8g");
    CommandRun empty = CommandRun.of("bundle", "inspect", "--hex", "  ");

    assertThat(odd.exitCode()).isEqualTo(1);
    assertThat(odd.err())
        .isEqualTo(
            "Malformed hex: odd number of hex digits (3): every byte takes two"
                + System.lineSeparator());
    assertThat(letter.exitCode()).isEqualTo(1);
    assertThat(letter.err()).contains("Malformed hex: character 'g' at index 4 is not a hex digit");
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.err()).contains("Malformed hex: no hex digits");
  }

  @Test
  void fileAndHexTogetherAreAUsageError() {
    CommandRun run = CommandRun.of("bundle", "inspect", "--hex", createdHex(), "b.bundle");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("Give either FILE or --hex, not both");
  }
}
