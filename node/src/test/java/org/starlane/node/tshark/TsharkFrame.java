package org.starlane.node.tshark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One frame of tshark's {@code -T json --no-duplicate-keys -x} output: its protocol layers, with
 * the lookups the BPv7 cross-checks need.
 *
 * <p>In that output each protocol tree item is a key named after its display-filter field (for
 * example {@code bpv7.primary.version}) whose value is the field's text, or an object of its
 * subtree ({@code ..._tree} for items that have both a value and children); a key that occurs more
 * than once in an object becomes an array. {@code -x} adds a sibling {@code NAME_raw} to each item:
 * {@code [hex, position in the frame, length, bitmask, type]}.
 *
 * @param layers the {@code _source.layers} object of the frame
 */
record TsharkFrame(JsonNode layers) {

  /** The bytes an item covers and where they are in the frame ({@code -x}). */
  record Raw(byte[] bytes, int position, int length) {}

  /**
   * An expert info item ({@code _ws.expert}): the expert field that raised it (for example {@code
   * bpv7.block_failed_crc}), its message and its severity.
   */
  record ExpertInfo(String field, String message, int severity) {
    /** Wireshark's {@code PI_COMMENT} .. {@code PI_ERROR} (epan/proto.h). */
    static final int COMMENT = 0x00100000;

    static final int CHAT = 0x00200000;
    static final int NOTE = 0x00400000;
    static final int WARN = 0x00600000;
    static final int ERROR = 0x00800000;

    boolean isWarningOrError() {
      return severity >= WARN;
    }

    String severityName() {
      return switch (severity) {
        case COMMENT -> "comment";
        case CHAT -> "chat";
        case NOTE -> "note";
        case WARN -> "warning";
        case ERROR -> "error";
        default -> "severity 0x" + Integer.toHexString(severity);
      };
    }

    @Override
    public String toString() {
      return severityName() + " " + field + ": " + message;
    }
  }

  /** The protocols tshark found in the frame, for example {@code raw:ip:udp:bundle:bpv7:data}. */
  String protocols() {
    return layers.path("frame").path("frame.protocols").asText("?");
  }

  Optional<JsonNode> layer(String name) {
    return Optional.ofNullable(layers.get(name));
  }

  /**
   * The {@code bpv7} layer.
   *
   * @throws AssertionError when tshark did not dissect the frame as BPv7
   */
  JsonNode bpv7() {
    JsonNode bpv7 = layers.get("bpv7");
    if (bpv7 == null || !bpv7.isObject()) {
      throw new AssertionError(
          "tshark found no single bpv7 layer in this frame; its protocols: " + protocols());
    }
    return bpv7;
  }

  /** The {@code bpv7.block} items in wire order: the primary block, then the canonical blocks. */
  List<JsonNode> bpv7Blocks() {
    return values(bpv7(), "bpv7.block");
  }

  /** Every expert info item anywhere in the frame. */
  List<ExpertInfo> experts() {
    return experts(layers);
  }

  /** Every expert info item in the subtree {@code node}. */
  static List<ExpertInfo> experts(JsonNode node) {
    List<ExpertInfo> found = new ArrayList<>();
    for (JsonNode expert : findAll(node, "_ws.expert")) {
      String field = "?";
      for (Map.Entry<String, JsonNode> property : expert.properties()) {
        String name = property.getKey();
        if (!name.startsWith("_ws.expert") && !name.endsWith("_raw")) {
          field = name;
        }
      }
      found.add(
          new ExpertInfo(
              field,
              expert.path("_ws.expert.message").asText("?"),
              Integer.parseInt(expert.path("_ws.expert.severity").asText("0"))));
    }
    return found;
  }

  /**
   * The value of {@code key} in {@code object} as text.
   *
   * @throws AssertionError when the key is missing or occurs more than once
   */
  static String text(JsonNode object, String key) {
    JsonNode value = object.get(key);
    if (value == null) {
      throw new AssertionError("tshark's output has no field " + key + " in " + object);
    }
    if (value.isArray() || value.isObject()) {
      throw new AssertionError("field " + key + " is not a single value: " + value);
    }
    return value.asText();
  }

  /** The value of {@code key} in {@code object}, if present. */
  static Optional<String> optionalText(JsonNode object, String key) {
    JsonNode value = object.get(key);
    return value == null ? Optional.empty() : Optional.of(text(object, key));
  }

  /** A subtree: the object under {@code key}, which must be present and single. */
  static JsonNode child(JsonNode object, String key) {
    JsonNode value = object.get(key);
    if (value == null || !value.isObject()) {
      throw new AssertionError("tshark's output has no single subtree " + key + " in " + object);
    }
    return value;
  }

  /** The values of {@code key} in {@code object}: none, one, or the array's elements. */
  static List<JsonNode> values(JsonNode object, String key) {
    JsonNode value = object.get(key);
    List<JsonNode> list = new ArrayList<>();
    if (value == null) {
      return list;
    }
    if (value.isArray()) {
      value.forEach(list::add);
    } else {
      list.add(value);
    }
    return list;
  }

  /** The raw bytes ({@code -x}) of each occurrence of {@code key} in {@code object}. */
  static List<Raw> raws(JsonNode object, String key) {
    JsonNode value = object.get(key + "_raw");
    List<Raw> list = new ArrayList<>();
    if (value == null) {
      return list;
    }
    if (value.isArray() && value.size() > 0 && value.get(0).isArray()) {
      value.forEach(v -> list.add(raw(v)));
    } else {
      list.add(raw(value));
    }
    return list;
  }

  private static Raw raw(JsonNode value) {
    return new Raw(
        HexFormat.of().parseHex(value.get(0).asText()), value.get(1).asInt(), value.get(2).asInt());
  }

  /** Every value of {@code key} in the subtree {@code node}, depth first, arrays flattened. */
  static List<JsonNode> findAll(JsonNode node, String key) {
    List<JsonNode> found = new ArrayList<>();
    collect(node, key, found);
    return found;
  }

  private static void collect(JsonNode node, String key, List<JsonNode> found) {
    if (node.isArray()) {
      node.forEach(element -> collect(element, key, found));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (entry.getKey().equals(key)) {
          if (entry.getValue().isArray()) {
            entry.getValue().forEach(found::add);
          } else {
            found.add(entry.getValue());
          }
        } else {
          collect(entry.getValue(), key, found);
        }
      }
    }
  }

  /** An unsigned integer field as tshark prints it: decimal, or hexadecimal with {@code 0x}. */
  static long unsigned(String text) {
    return text.startsWith("0x")
        ? Long.parseUnsignedLong(text.substring(2), 16)
        : Long.parseUnsignedLong(text);
  }
}
