package org.starlane.node.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.starlane.bp.DtnException;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.DtnTime;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code starlane bundle create}: builds a valid BPv7 bundle (RFC 9171 §4) from options and writes
 * it as binary CBOR or as hex.
 *
 * <p>The primary block has no flags (but "must not fragment" when the source is {@code dtn:none},
 * §4.2.3), the creation timestamp is the clock's DTN time with sequence number 0 unless {@code
 * --creation-time}/{@code --sequence} say otherwise (§4.2.7). Optional extension blocks (§4.4) go
 * before the payload block in the order previous node, bundle age, hop count, numbered from 2.
 *
 * <p>{@code --crc none} removes the CRC from the canonical blocks only: §4.3.1 lets the primary
 * block go without a CRC only when a block integrity block targets it, which this command never
 * adds, so the primary block then keeps CRC-32C.
 */
@Command(
    name = "create",
    description = {
      "Create a BPv7 bundle (RFC 9171) and write it to a file, to standard output, or as hex.",
      "The creation timestamp is the current DTN time with sequence number 0 unless"
          + " --creation-time and --sequence are given (give both for reproducible output).",
      "One of --out and --hex is required, so that binary output never lands on a terminal by"
          + " accident: --out - writes the binary bundle to standard output."
    })
public final class BundleCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "EID",
      converter = EndpointIdConverter.class,
      description = "Source node ID: ipn:N.S, dtn://node/demux or dtn:none (anonymous).")
  EndpointId source;

  @Option(
      names = "--destination",
      required = true,
      paramLabel = "EID",
      converter = EndpointIdConverter.class,
      description = "Destination endpoint ID.")
  EndpointId destination;

  @Option(
      names = "--report-to",
      paramLabel = "EID",
      converter = EndpointIdConverter.class,
      defaultValue = "dtn:none",
      description = "Report-to endpoint ID (default: ${DEFAULT-VALUE}).")
  EndpointId reportTo;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  PayloadSource payload;

  /** Where the payload comes from; none means an empty payload. */
  static final class PayloadSource {
    @Option(
        names = "--payload",
        paramLabel = "TEXT",
        description = "Payload: this text in UTF-8 (default: empty payload).")
    String text;

    @Option(
        names = "--payload-file",
        paramLabel = "FILE",
        description = "Payload: the bytes of FILE; - reads standard input.")
    String file;
  }

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "24h",
      description =
          "Lifetime: ISO-8601 (PT1H, P7D) or a number with a unit ms, s, m, h, d (3600s, 90m,"
              + " 24h, 7d). Default: ${DEFAULT-VALUE}.")
  Duration lifetime;

  @Option(
      names = "--crc",
      paramLabel = "TYPE",
      converter = CrcTypeConverter.class,
      defaultValue = "crc32c",
      description =
          "CRC type of the blocks: none, crc16 (CRC-16/X-25) or crc32c (default). 'none' applies"
              + " to the canonical blocks only: RFC 9171 §4.3.1 requires a CRC on the primary"
              + " block unless a block integrity block targets it, which this command does not"
              + " add, so the primary block keeps CRC-32C.")
  CrcType crc;

  @Option(
      names = "--hop-limit",
      paramLabel = "N",
      description = "Add a hop count block (RFC 9171 §4.4.3) with hop limit N (1..255), count 0.")
  Integer hopLimit;

  @Option(
      names = "--bundle-age",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Add a bundle age block (RFC 9171 §4.4.2) with this age; required with"
              + " --creation-time 0.")
  Duration bundleAge;

  @Option(
      names = "--previous-node",
      paramLabel = "EID",
      converter = EndpointIdConverter.class,
      description = "Add a previous node block (RFC 9171 §4.4.1) naming this node ID.")
  EndpointId previousNode;

  @Option(
      names = "--creation-time",
      paramLabel = "TIME",
      converter = DtnTimeConverter.class,
      description =
          "Creation time: an ISO-8601 instant (2025-01-01T12:00:00Z) or DTN time in ms since"
              + " 2000-01-01T00:00:00Z; 0 means no accurate clock (needs --bundle-age)."
              + " Default: now.")
  Long creationTimeMillis;

  @Option(
      names = "--sequence",
      paramLabel = "N",
      defaultValue = "0",
      description = "Creation timestamp sequence number (default: ${DEFAULT-VALUE}).")
  long sequenceNumber;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Output output;

  /** Where the bundle goes: one of the two is required. */
  static final class Output {
    @Option(
        names = {"-o", "--out"},
        paramLabel = "FILE",
        description = "Write the binary bundle to FILE; - writes it to standard output.")
    String file;

    @Option(names = "--hex", description = "Print the bundle as one line of hex digits.")
    boolean hex;
  }

  @Override
  public Integer call() {
    StarlaneCommand root = StarlaneCommand.of(spec);
    byte[] payloadBytes;
    try {
      payloadBytes = readPayload(root);
    } catch (FileAccess.Failure e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    Bundle bundle = build(root, ByteBuffer.wrap(payloadBytes));
    byte[] encoded = BundleCodec.DEFAULT.encode(bundle);
    if (output.hex) {
      spec.commandLine().getOut().println(Hex.encode(encoded));
      spec.commandLine().getOut().flush();
      return StarlaneCommand.EXIT_OK;
    }
    try {
      FileAccess.writeAll(output.file, encoded, root.stdout());
    } catch (FileAccess.Failure e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    return StarlaneCommand.EXIT_OK;
  }

  private Bundle build(StarlaneCommand root, ByteBuffer payloadBytes) {
    if (hopLimit != null && (hopLimit < 1 || hopLimit > 255)) {
      throw usage("--hop-limit " + hopLimit + " is outside 1..255 (RFC 9171 §4.4.3)");
    }
    if (sequenceNumber < 0) {
      throw usage("--sequence " + sequenceNumber + " is negative");
    }
    long time =
        creationTimeMillis != null
            ? creationTimeMillis
            : DtnTime.fromInstant(root.clock().instant());
    if (time == 0 && bundleAge == null) {
      throw usage(
          "--creation-time 0 means the source has no accurate clock, and RFC 9171 §4.2.7 then"
              + " requires a bundle age block: add --bundle-age");
    }

    BundleProcessingFlags flags =
        source.isNull()
            ? BundleProcessingFlags.NONE.with(BundleProcessingFlags.MUST_NOT_FRAGMENT)
            : BundleProcessingFlags.NONE;
    CrcType primaryCrc = crc == CrcType.NONE ? CrcType.CRC32C : crc;
    List<CanonicalBlock> blocks = new ArrayList<>();
    try {
      PrimaryBlock primary =
          new PrimaryBlock(
              flags,
              primaryCrc,
              destination,
              source,
              reportTo,
              new CreationTimestamp(time, sequenceNumber),
              lifetime.toMillis(),
              0,
              0);
      if (previousNode != null) {
        blocks.add(extension(blocks, BlockType.PREVIOUS_NODE, previousNodeData()));
      }
      if (bundleAge != null) {
        blocks.add(
            extension(
                blocks, BlockType.BUNDLE_AGE, ExtensionBlocks.bundleAgeData(bundleAge.toMillis())));
      }
      if (hopLimit != null) {
        blocks.add(
            extension(
                blocks,
                BlockType.HOP_COUNT,
                ExtensionBlocks.hopCountData(new HopCount(hopLimit, 0))));
      }
      blocks.add(
          new CanonicalBlock(BlockType.PAYLOAD, 1, BlockProcessingFlags.NONE, crc, payloadBytes));
      return Bundle.of(primary, blocks);
    } catch (DtnException | IllegalArgumentException e) {
      throw usage("Cannot create this bundle: " + e.getMessage());
    }
  }

  private ByteBuffer previousNodeData() {
    if (!previousNode.isNodeId()) {
      throw usage(
          "--previous-node "
              + previousNode
              + " is not a node ID (ipn:N.0 or dtn://node/, RFC 9171 §4.4.1)");
    }
    return ExtensionBlocks.previousNodeData(previousNode);
  }

  private CanonicalBlock extension(List<CanonicalBlock> before, long type, ByteBuffer data) {
    return new CanonicalBlock(type, before.size() + 2L, BlockProcessingFlags.NONE, crc, data);
  }

  private byte[] readPayload(StarlaneCommand root) throws FileAccess.Failure {
    if (payload == null) {
      return new byte[0];
    }
    if (payload.text != null) {
      return payload.text.getBytes(StandardCharsets.UTF_8);
    }
    return FileAccess.readAll(payload.file, root.stdin());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
