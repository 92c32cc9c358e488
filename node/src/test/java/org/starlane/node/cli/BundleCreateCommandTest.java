package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.eid.EndpointId;

class BundleCreateCommandTest {
  @TempDir Path dir;

  private static CommandRun create(String... options) {
    List<String> args = new ArrayList<>(List.of("bundle", "create"));
    args.addAll(List.of(options));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private static Bundle createDecoded(String... options) {
    List<String> args =
        new ArrayList<>(List.of("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex"));
    args.addAll(List.of(options));
    CommandRun run = create(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    return BundleCodec.DEFAULT.decode(run.hexBytes());
  }

  @Test
  void createsAValidBundleWithTheGivenFields() {
    Bundle bundle =
        createDecoded(
            "--report-to",
            "dtn://ground/reports",
            "--payload",
            "Hello, Starlane",
            "--lifetime",
            "PT2H");

    assertThat(bundle.primary().destination()).isEqualTo(EndpointId.ipn(2, 1));
    assertThat(bundle.primary().source()).isEqualTo(EndpointId.ipn(1, 0));
    assertThat(bundle.primary().reportTo()).isEqualTo(EndpointId.parse("dtn://ground/reports"));
    assertThat(bundle.primary().lifetimeMillis()).isEqualTo(7_200_000L);
    assertThat(bundle.primary().flags()).isEqualTo(BundleProcessingFlags.NONE);
    assertThat(bundle.primary().crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(bundle.blocks()).hasSize(1);
    assertThat(StandardCharsets.UTF_8.decode(bundle.payload()).toString())
        .isEqualTo("Hello, Starlane");
  }

  @Test
  void datesTheBundleWithTheClockAndSequenceZeroByDefault() {
    Bundle bundle = createDecoded();

    assertThat(bundle.primary().creationTimestamp())
        .isEqualTo(new CreationTimestamp(CommandRun.NOW_DTN_MILLIS, 0));
    assertThat(bundle.primary().lifetimeMillis()).as("default lifetime 24h").isEqualTo(86_400_000L);
    assertThat(bundle.primary().reportTo()).isEqualTo(EndpointId.NONE);
    assertThat(bundle.payload().remaining()).as("default payload is empty").isZero();
  }

  @Test
  void creationTimeAndSequenceOverridesGiveReproducibleBytes() {
    String[] options = {
      "--source",
      "ipn:1.0",
      "--destination",
      "ipn:2.1",
      "--payload",
      "x",
      "--hex",
      "--creation-time",
      "2025-01-01T00:00:00Z",
      "--sequence",
      "42"
    };
    CommandRun first = create(options);
    CommandRun second = create(options);

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(second.out());
    Bundle bundle = BundleCodec.DEFAULT.decode(first.hexBytes());
    assertThat(bundle.primary().creationTimestamp())
        .isEqualTo(new CreationTimestamp(789_004_800_000L, 42));
  }

  @Test
  void creationTimeAcceptsDtnMilliseconds() {
    Bundle bundle = createDecoded("--creation-time", "123456789");

    assertThat(bundle.primary().creationTimestamp().creationTimeMillis()).isEqualTo(123_456_789L);
  }

  @Test
  void creationTimeZeroRequiresABundleAge() {
    CommandRun run =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex", "--creation-time", "0");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--creation-time 0").contains("add --bundle-age");
    assertThat(run.out()).isEmpty();

    Bundle bundle = createDecoded("--creation-time", "0", "--bundle-age", "90s");
    assertThat(bundle.primary().creationTimestamp().isTimeUnknown()).isTrue();
    assertThat(bundle.bundleAgeMillis()).hasValue(90_000L);
  }

  @Test
  void rejectsACreationTimeBeforeTheDtnEpochOrNotATime() {
    CommandRun before =
        create(
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--hex",
            "--creation-time",
            "1999-12-31T23:59:59Z");
    CommandRun garbage =
        create(
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--hex",
            "--creation-time",
            "yesterday");

    assertThat(before.exitCode()).isEqualTo(1);
    assertThat(before.err())
        .contains("Invalid value for option '--creation-time'")
        .contains("before the DTN epoch");
    assertThat(garbage.exitCode()).isEqualTo(1);
    assertThat(garbage.err()).contains("'yesterday' is not a time");
  }

  @Test
  void rejectsANegativeSequenceNumber() {
    CommandRun run =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex", "--sequence", "-1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--sequence -1 is negative");
  }

  @ParameterizedTest
  @CsvSource({
    "--source, not-an-eid, 'not-an-eid' is not an endpoint ID",
    "--destination, ipn:1, 'ipn:1' is not an ipn endpoint ID",
    "--report-to, dtn://no-slash, has no '/' after the node name",
    "--previous-node, ipn:01.0, leading zero"
  })
  void rejectsABadEndpointIdNamingTheOptionAndTheReason(
      String option, String value, String reason) {
    List<String> args =
        new ArrayList<>(List.of("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex"));
    int at = args.indexOf(option);
    if (at >= 0) {
      args.set(at + 1, value);
    } else {
      args.addAll(List.of(option, value));
    }
    CommandRun run = create(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(run.err()).contains("Invalid value for option '" + option + "'").contains(reason);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void requiresSourceAndDestination() {
    CommandRun run = create("--hex");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Missing required options")
        .contains("--source")
        .contains("--destination");
  }

  @ParameterizedTest
  @CsvSource({
    "PT1H, 3600000",
    "P7D, 604800000",
    "PT0.25S, 250",
    "3600s, 3600000",
    "90m, 5400000",
    "24h, 86400000",
    "7d, 604800000",
    "1500ms, 1500",
    "0s, 0"
  })
  void lifetimeAcceptsIsoAndSimpleDurations(String lifetime, long millis) {
    Bundle bundle = createDecoded("--lifetime", lifetime);

    assertThat(bundle.primary().lifetimeMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({
    "5x, 'is not a duration'",
    "3600, 'is not a duration'",
    "-5s, 'is not a duration'",
    "PT-1H, 'negative duration'",
    "P1Y, 'is not an ISO-8601 duration'",
    "PT0.0001S, 'not a whole number of milliseconds'",
    "99999999999999999d, 'too long'"
  })
  void rejectsABadLifetimeWithTheAcceptedForms(String lifetime, String reason) {
    CommandRun run =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex", "--lifetime", lifetime);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Invalid value for option '--lifetime'").contains(reason);
  }

  @Test
  void crc32cIsTheDefaultOnEveryBlock() {
    Bundle bundle = createDecoded("--hop-limit", "5", "--payload", "p");

    assertThat(bundle.primary().crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(bundle.blocks()).extracting(CanonicalBlock::crcType).containsOnly(CrcType.CRC32C);
  }

  @Test
  void crc16PutsCrc16OnEveryBlockIncludingThePrimary() {
    Bundle bundle = createDecoded("--crc", "crc16", "--hop-limit", "5", "--payload", "p");

    assertThat(bundle.primary().crcType()).isEqualTo(CrcType.CRC16_X25);
    assertThat(bundle.blocks()).hasSize(2);
    assertThat(bundle.blocks()).extracting(CanonicalBlock::crcType).containsOnly(CrcType.CRC16_X25);
  }

  @Test
  void crcNoneLeavesCanonicalBlocksWithoutCrcButKeepsCrc32cOnThePrimaryBlock() {
    // RFC 9171 §4.3.1: the primary block needs a CRC unless a BIB targets it.
    Bundle bundle =
        createDecoded("--crc", "NONE", "--hop-limit", "5", "--bundle-age", "1s", "--payload", "p");

    assertThat(bundle.primary().crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(bundle.blocks()).hasSize(3);
    assertThat(bundle.blocks()).extracting(CanonicalBlock::crcType).containsOnly(CrcType.NONE);
  }

  @Test
  void rejectsAnUnknownCrcType() {
    CommandRun run =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex", "--crc", "md5");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("'md5' is not a CRC type: use none, crc16 or crc32c");
  }

  @Test
  void hopLimitAddsAHopCountBlockBeforeThePayload() {
    Bundle bundle = createDecoded("--hop-limit", "30", "--payload", "p");

    assertThat(bundle.blocks()).hasSize(2);
    CanonicalBlock hop = bundle.blocks().get(0);
    assertThat(hop.type()).isEqualTo(BlockType.HOP_COUNT);
    assertThat(hop.number()).isEqualTo(2);
    assertThat(bundle.hopCount()).hasValue(new HopCount(30, 0));
    assertThat(bundle.payloadBlock().isPayload()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"0", "256", "-3"})
  void rejectsAHopLimitOutside1To255(String limit) {
    CommandRun run =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex", "--hop-limit", limit);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--hop-limit " + limit + " is outside 1..255");
  }

  @Test
  void hopLimitBoundsAreAccepted() {
    assertThat(createDecoded("--hop-limit", "1").hopCount()).hasValue(new HopCount(1, 0));
    assertThat(createDecoded("--hop-limit", "255").hopCount()).hasValue(new HopCount(255, 0));
  }

  @Test
  void extensionBlocksAreNumberedFrom2InTheOrderPreviousNodeBundleAgeHopCount() {
    Bundle bundle =
        createDecoded("--hop-limit", "9", "--bundle-age", "PT1M", "--previous-node", "ipn:3.0");

    assertThat(bundle.blocks())
        .extracting(CanonicalBlock::type, CanonicalBlock::number)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BlockType.PREVIOUS_NODE, 2L),
            org.assertj.core.groups.Tuple.tuple(BlockType.BUNDLE_AGE, 3L),
            org.assertj.core.groups.Tuple.tuple(BlockType.HOP_COUNT, 4L),
            org.assertj.core.groups.Tuple.tuple(BlockType.PAYLOAD, 1L));
    assertThat(bundle.previousNode()).hasValue(EndpointId.ipn(3, 0));
    assertThat(bundle.bundleAgeMillis()).hasValue(60_000L);
  }

  @Test
  void rejectsAPreviousNodeThatIsNotANodeId() {
    CommandRun run =
        create(
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--hex",
            "--previous-node",
            "ipn:3.7");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--previous-node ipn:3.7 is not a node ID");
  }

  @Test
  void anAnonymousSourceGetsTheMustNotFragmentFlag() {
    CommandRun run = create("--source", "dtn:none", "--destination", "ipn:2.1", "--hex");

    assertThat(run.exitCode()).isZero();
    Bundle bundle = BundleCodec.DEFAULT.decode(run.hexBytes());
    assertThat(bundle.primary().source().isNull()).isTrue();
    assertThat(bundle.primary().flags().mustNotFragment()).isTrue();
  }

  @Test
  void requiresEitherOutOrHexButNotBoth() {
    CommandRun neither = create("--source", "ipn:1.0", "--destination", "ipn:2.1");
    CommandRun both =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--hex", "--out", "x.bin");

    assertThat(neither.exitCode()).isEqualTo(1);
    assertThat(neither.err()).contains("Missing required argument").contains("--hex");
    assertThat(both.exitCode()).isEqualTo(1);
    assertThat(both.err()).contains("mutually exclusive");
  }

  @Test
  void rejectsPayloadTogetherWithPayloadFile() {
    CommandRun run =
        create(
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--hex",
            "--payload",
            "a",
            "--payload-file",
            "b");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void writesTheBinaryBundleToTheOutFile() throws Exception {
    Path file = dir.resolve("hello.bundle");
    CommandRun run =
        create(
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--payload",
            "hi",
            "--out",
            file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    Bundle bundle = BundleCodec.DEFAULT.decode(Files.readAllBytes(file));
    assertThat(StandardCharsets.UTF_8.decode(bundle.payload()).toString()).isEqualTo("hi");
  }

  @Test
  void outDashWritesTheBinaryBundleToStandardOutput() {
    CommandRun binary =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--payload", "hi", "--out", "-");
    CommandRun hex =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--payload", "hi", "--hex");

    assertThat(binary.exitCode()).isZero();
    assertThat(binary.out()).as("no text on out").isEmpty();
    assertThat(binary.stdout()).isEqualTo(hex.hexBytes());
  }

  @Test
  void reportsAnOutFileThatCannotBeWritten() {
    Path file = dir.resolve("missing-dir").resolve("b.bundle");
    CommandRun run =
        create("--source", "ipn:1.0", "--destination", "ipn:2.1", "--out", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Cannot write '" + file + "': no such file or directory" + System.lineSeparator());
  }

  @Test
  void payloadFileIsReadAsBytes() throws Exception {
    byte[] payload = {0, 1, 2, (byte) 0xff, (byte) 0x80};
    Path file = dir.resolve("payload.bin");
    Files.write(file, payload);

    Bundle bundle = createDecoded("--payload-file", file.toString());

    assertThat(bundle.payloadBlock().dataBytes()).containsExactly(payload);
  }

  @Test
  void payloadFileDashReadsStandardInput() {
    CommandRun run =
        CommandRun.withStdin(
            "from stdin".getBytes(StandardCharsets.UTF_8),
            "bundle",
            "create",
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--payload-file",
            "-",
            "--hex");

    assertThat(run.exitCode()).isZero();
    Bundle bundle = BundleCodec.DEFAULT.decode(run.hexBytes());
    assertThat(StandardCharsets.UTF_8.decode(bundle.payload()).toString()).isEqualTo("from stdin");
  }

  @Test
  void reportsAPayloadFileThatCannotBeRead() {
    Path file = dir.resolve("absent.txt");
    CommandRun run =
        create(
            "--source",
            "ipn:1.0",
            "--destination",
            "ipn:2.1",
            "--hex",
            "--payload-file",
            file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Cannot read '" + file + "': no such file or directory" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }
}
