package org.starlane.node.tshark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.node.tshark.TsharkFrame.child;
import static org.starlane.node.tshark.TsharkFrame.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.eid.EndpointId;
import org.starlane.node.cli.StarlaneCommand;
import picocli.CommandLine;

/**
 * Cross-checks bundles made by {@code starlane bundle create} with Wireshark's {@code bpv7}
 * dissector: each bundle the command prints ({@code --hex}) or writes ({@code --out}) goes into one
 * UDP datagram to port 4556, and tshark must read it exactly as our own decoder does (see {@link
 * DissectedBundle}: block boundaries, primary and canonical block fields, CRC status, no expert
 * warnings), with the command's options on the wire (RFC 9171 §4).
 *
 * <p>The command runs in-process through picocli, its output captured by {@link
 * CommandLine#setOut}. Requires {@code tshark}; fails (never skips) without it.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TsharkCliBundleIT {
  /**
   * The {@code --lifetime} argument and the lifetime it must give. Assumed: picocli's built-in
   * {@link java.time.Duration} conversion (ISO-8601); adjust both if the command takes another
   * form.
   */
  static final String LIFETIME_OPTION = "PT1H";

  static final long LIFETIME_MILLIS = 3_600_000;

  static final int HOP_LIMIT = 5;
  static final byte[] PAYLOAD_FILE_CONTENT = binaryPayload(300);

  /** One {@code bundle create} invocation: a name for reports and its options. */
  record Creation(String name, List<String> options) {
    String option(String name) {
      int i = options.indexOf(name);
      return i < 0 ? null : options.get(i + 1);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** What a run of the command left: exit code and what it printed. */
  record Run(int exitCode, String out, String err) {}

  private final List<Creation> creations = new ArrayList<>();
  private final List<EncodedBundle> bundles = new ArrayList<>();
  private List<DissectedBundle> dissected;

  @BeforeAll
  void createAndDissect(@TempDir Path dir) throws IOException {
    Tshark tshark = Tshark.locate();

    createHex(
        "ipn EIDs, --payload, defaults",
        "--source",
        "ipn:1.1",
        "--destination",
        "ipn:2.1",
        "--payload",
        "hi");
    createHex(
        "dtn EIDs, --report-to, --crc crc16, --lifetime",
        "--source",
        "dtn://alpha/outbox",
        "--destination",
        "dtn://bravo/inbox",
        "--report-to",
        "dtn://alpha/",
        "--payload",
        "hello, bravo",
        "--crc",
        "crc16",
        "--lifetime",
        LIFETIME_OPTION);
    createHex(
        "--crc crc32c, --hop-limit",
        "--source",
        "ipn:10.1",
        "--destination",
        "dtn://bravo/inbox",
        "--report-to",
        "ipn:10.0",
        "--payload",
        "counted hops",
        "--crc",
        "crc32c",
        "--hop-limit",
        String.valueOf(HOP_LIMIT));
    // A large node number, not ipn:A.N.S text: that parses to RFC 9758's three-element CBOR form,
    // which
    // Wireshark 4.0 does not dissect (it shows no EIDs); our own tests cover that form.
    createHex(
        "--crc none",
        "--source",
        "ipn:4294967294.1",
        "--destination",
        "ipn:20.64",
        "--payload",
        "no CRC on the payload",
        "--crc",
        "none");

    Path payloadFile = dir.resolve("payload.bin");
    Files.write(payloadFile, PAYLOAD_FILE_CONTENT);
    Path outFile = dir.resolve("created.bundle");
    Creation toFile =
        new Creation(
            "--payload-file, --out",
            List.of(
                "--source",
                "ipn:1.1",
                "--destination",
                "ipn:2.1",
                "--payload-file",
                payloadFile.toString(),
                "--out",
                outFile.toString()));
    Run run = starlane(toFile.options());
    assertThat(run.exitCode()).as("exit code of %s; stderr: %s", toFile, run.err()).isZero();
    assertThat(outFile).as("bundle written by --out").isNotEmptyFile();
    creations.add(toFile);
    bundles.add(EncodedBundle.decoded(toFile.name(), Files.readAllBytes(outFile)));

    dissected = tshark.dissectBundles(dir.resolve("created.pcap"), bundles);
  }

  Stream<DissectedBundle> dissections() {
    return dissected.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dissections")
  void wiresharkReadsTheCreatedBundleAsOurDecoderDoes(DissectedBundle dissection) {
    dissection.assertAsEncoded();
  }

  @Test
  void endpointOptionsAreTheEidsWiresharkReads() {
    for (int i = 0; i < creations.size(); i++) {
      Creation creation = creations.get(i);
      DissectedBundle dissection = dissected.get(i);
      JsonNode primary = dissection.frame().bpv7Blocks().get(0);
      dissection.assertEid(
          child(primary, "bpv7.primary.src_nodeid"),
          "bpv7.primary.src_uri",
          EndpointId.parse(creation.option("--source")));
      dissection.assertEid(
          child(primary, "bpv7.primary.dst_eid"),
          "bpv7.primary.dst_uri",
          EndpointId.parse(creation.option("--destination")));
      if (creation.option("--report-to") != null) {
        dissection.assertEid(
            child(primary, "bpv7.primary.report_nodeid"),
            "bpv7.primary.report_uri",
            EndpointId.parse(creation.option("--report-to")));
      }
    }
  }

  @Test
  void payloadOptionsAreThePayloadWiresharkReads() {
    for (int i = 0; i < creations.size(); i++) {
      Creation creation = creations.get(i);
      byte[] expected =
          creation.option("--payload") != null
              ? creation.option("--payload").getBytes(StandardCharsets.UTF_8)
              : PAYLOAD_FILE_CONTENT;
      List<JsonNode> blocks = dissected.get(i).frame().bpv7Blocks();
      JsonNode payload = blocks.get(blocks.size() - 1);
      assertThat(text(payload, "bpv7.canonical.type_code"))
          .as("%s: last block", creation)
          .isEqualTo("1");
      assertThat(TsharkFrame.raws(payload, "bpv7.canonical.data"))
          .as("%s: payload", creation)
          .singleElement()
          .extracting(r -> HexFormat.of().formatHex(r.bytes()))
          .isEqualTo(HexFormat.of().formatHex(expected));
    }
  }

  @Test
  void crcOptionSetsTheCrcTypeOfTheCanonicalBlocks() {
    assertCanonicalCrcTypes("dtn EIDs, --report-to, --crc crc16, --lifetime", CrcType.CRC16_X25);
    assertCanonicalCrcTypes("--crc crc32c, --hop-limit", CrcType.CRC32C);
    assertCanonicalCrcTypes("--crc none", CrcType.NONE);
  }

  @Test
  void lifetimeOptionIsTheLifetimeWiresharkReads() {
    JsonNode primary =
        dissection("dtn EIDs, --report-to, --crc crc16, --lifetime").frame().bpv7Blocks().get(0);
    assertThat(text(primary, "bpv7.primary.lifetime")).isEqualTo(String.valueOf(LIFETIME_MILLIS));
  }

  @Test
  void hopLimitOptionAddsAHopCountBlockWiresharkReads() {
    DissectedBundle dissection = dissection("--crc crc32c, --hop-limit");
    List<CanonicalBlock> blocks = dissection.encoded().bundle().blocks();
    List<JsonNode> json = dissection.frame().bpv7Blocks();
    int hopCount = -1;
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).type() == BlockType.HOP_COUNT) {
        hopCount = i;
      }
    }
    assertThat(hopCount).as("index of the hop count block").isNotNegative();
    JsonNode data = child(json.get(hopCount + 1), "bpv7.canonical.data_tree");
    assertThat(text(data, "bpv7.hop_count.limit")).isEqualTo(String.valueOf(HOP_LIMIT));
    assertThat(text(data, "bpv7.hop_count.current")).isEqualTo("0");
  }

  private void assertCanonicalCrcTypes(String name, CrcType expected) {
    List<JsonNode> blocks = dissection(name).frame().bpv7Blocks();
    for (JsonNode block : blocks.subList(1, blocks.size())) {
      assertThat(text(block, "bpv7.crc_type"))
          .as("%s: CRC type of block %s", name, text(block, "bpv7.canonical.block_num"))
          .isEqualTo(String.valueOf(expected.code()));
    }
  }

  private DissectedBundle dissection(String name) {
    return dissected.stream()
        .filter(d -> d.encoded().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bundle named " + name));
  }

  /** Runs {@code bundle create OPTIONS --hex} and keeps the bundle it prints. */
  private void createHex(String name, String... options) {
    Creation creation = new Creation(name, List.of(options));
    List<String> arguments = new ArrayList<>(creation.options());
    arguments.add("--hex");
    Run run = starlane(arguments);
    assertThat(run.exitCode()).as("exit code of %s; stderr: %s", creation, run.err()).isZero();
    String hex = run.out().strip();
    assertThat(hex).as("--hex output of %s", creation).matches("[0-9a-fA-F]+");
    creations.add(creation);
    bundles.add(EncodedBundle.decoded(name, HexFormat.of().parseHex(hex.toLowerCase())));
  }

  /** {@code starlane bundle create OPTIONS}, in-process. */
  static Run starlane(List<String> options) {
    List<String> arguments = new ArrayList<>();
    arguments.add("bundle");
    arguments.add("create");
    arguments.addAll(options);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new StarlaneCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(arguments.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }

  static byte[] binaryPayload(int length) {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    for (int i = 0; i < length; i++) {
      bytes.put((byte) (255 - i));
    }
    return bytes.array();
  }
}
