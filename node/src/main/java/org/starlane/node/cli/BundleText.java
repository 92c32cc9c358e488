package org.starlane.node.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.DtnTime;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;

/**
 * The human-readable form of a decoded bundle that {@code starlane bundle inspect} prints: the
 * primary block's fields (RFC 9171 §4.3.1), then each canonical block (§4.3.2) in wire order with
 * its decoded value for the extension blocks of §4.4. Block data longer than {@value
 * #MAX_DATA_BYTES} bytes is cut short (the JSON form has all of it).
 */
final class BundleText {
  /** Most bytes of block data shown. */
  static final int MAX_DATA_BYTES = 64;

  private final StringBuilder out = new StringBuilder();

  private BundleText() {}

  /** The text of {@code bundle}, which was decoded from {@code encodedLength} bytes. */
  static String of(Bundle bundle, int encodedLength) {
    return new BundleText().render(bundle, encodedLength);
  }

  private String render(Bundle bundle, int encodedLength) {
    PrimaryBlock p = bundle.primary();
    out.append("Bundle ")
        .append(bundle.id())
        .append(", ")
        .append(encodedLength)
        .append(" bytes, ")
        .append(bundle.blocks().size() + 1)
        .append(" blocks\n");
    out.append("Primary block\n");
    field("version", Integer.toString(PrimaryBlock.VERSION));
    field("flags", flags(p.flags()));
    field("CRC type", crcType(p.crcType()));
    field("destination", p.destination().toString());
    field("source", p.source().toString());
    field("report-to", p.reportTo().toString());
    long time = p.creationTimestamp().creationTimeMillis();
    field(
        "creation time",
        Long.toUnsignedString(time)
            + " ms"
            + (time > 0 ? " (" + DtnTime.toInstant(time) + ")" : " (unknown: no accurate clock)"));
    field("sequence number", Long.toUnsignedString(p.creationTimestamp().sequenceNumber()));
    field("lifetime", millis(p.lifetimeMillis()));
    if (p.isFragment()) {
      field("fragment offset", Long.toUnsignedString(p.fragmentOffset()));
      field("total ADU length", Long.toUnsignedString(p.totalAduLength()));
    }
    for (CanonicalBlock b : bundle.blocks()) {
      block(b, p.flags().isAdministrativeRecord());
    }
    return out.toString();
  }

  private void block(CanonicalBlock b, boolean administrativeRecord) {
    out.append("Block ")
        .append(Long.toUnsignedString(b.number()))
        .append(": ")
        .append(BlockType.name(b.type()))
        .append(" (type ")
        .append(Long.toUnsignedString(b.type()))
        .append(")\n");
    field("flags", flags(b.flags()));
    field("CRC type", crcType(b.crcType()));
    field("data", data(b, administrativeRecord));
    if (b.type() == BlockType.HOP_COUNT) {
      HopCount hops = ExtensionBlocks.readHopCount(b.data());
      field("hop count", Long.toUnsignedString(hops.count()) + " of limit " + hops.limit());
    } else if (b.type() == BlockType.BUNDLE_AGE) {
      field("bundle age", millis(ExtensionBlocks.readBundleAgeMillis(b.data())));
    } else if (b.type() == BlockType.PREVIOUS_NODE) {
      field("previous node", ExtensionBlocks.readPreviousNode(b.data()).toString());
    }
  }

  private void field(String name, String value) {
    out.append("  ").append(name);
    for (int i = name.length(); i < 18; i++) {
      out.append(' ');
    }
    out.append(value).append('\n');
  }

  private static String flags(BundleProcessingFlags flags) {
    return flags(flags.bits(), FlagNames.of(flags));
  }

  private static String flags(BlockProcessingFlags flags) {
    return flags(flags.bits(), FlagNames.of(flags));
  }

  private static String flags(long bits, List<String> names) {
    String hex = "0x" + Long.toHexString(bits);
    return names.isEmpty() ? hex : hex + " " + String.join(" ", names);
  }

  private static String crcType(CrcType type) {
    return type.code() + " (" + type.name() + ")";
  }

  private static String millis(long millis) {
    String text = Long.toUnsignedString(millis) + " ms";
    return millis >= 0 ? text + " (" + Duration.ofMillis(millis) + ")" : text;
  }

  private static String data(CanonicalBlock b, boolean administrativeRecord) {
    byte[] bytes = b.dataBytes();
    int shown = Math.min(bytes.length, MAX_DATA_BYTES);
    StringBuilder s = new StringBuilder();
    s.append(bytes.length).append(bytes.length == 1 ? " byte" : " bytes");
    if (bytes.length == 0) {
      return s.toString();
    }
    s.append(": ").append(Hex.encode(bytes, 0, shown));
    if (shown < bytes.length) {
      s.append("... (").append(bytes.length - shown).append(" more; --json shows all)");
    }
    if (b.isPayload() && !administrativeRecord) {
      String text = printableUtf8(bytes, shown);
      if (text != null) {
        s.append("\n").append(" ".repeat(20)).append('"').append(text).append('"');
        if (shown < bytes.length) {
          s.append("...");
        }
      }
    }
    return s.toString();
  }

  /** The first {@code length} bytes as text if they are UTF-8 without control characters. */
  private static String printableUtf8(byte[] bytes, int length) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, length))
              .toString();
    } catch (CharacterCodingException e) {
      return null; // cut mid-character or not text: hex only
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        return null;
      }
    }
    return text.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\"", "\\\"");
  }
}
