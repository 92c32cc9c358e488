package org.starlane.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.DtnTime;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;

/**
 * The JSON form of a decoded bundle that {@code starlane bundle inspect --json} prints. Field names
 * are the record components of {@link PrimaryBlock} and {@link CanonicalBlock}; every code also
 * gets a {@code ...Name}. Unsigned 64-bit values are JSON integers of their unsigned value.
 *
 * <pre>
 * {
 *   "bundleId": "ipn:1.0 @ 800000000000.0", "encodedLength": 61,
 *   "version": 7, "flags": 4, "flagNames": ["MUST_NOT_FRAGMENT"],
 *   "crcType": 2, "crcTypeName": "CRC32C",
 *   "destination": "ipn:2.1", "source": "ipn:1.0", "reportTo": "dtn:none",
 *   "creationTimestamp": { "creationTimeMillis": 800000000000, "sequenceNumber": 0,
 *                          "instant": "2025-05-08T...Z" },        -- instant null when time is 0
 *   "lifetimeMillis": 86400000,
 *   "fragmentOffset": 0, "totalAduLength": 10,                   -- only in a fragment
 *   "blocks": [                                                  -- wire order, payload last
 *     { "type": 10, "typeName": "hop count", "number": 2, "flags": 0, "flagNames": [],
 *       "crcType": 2, "crcTypeName": "CRC32C", "dataLength": 3, "data": "821e00",
 *       "hopCount": { "limit": 30, "count": 0 } },               -- or "bundleAgeMillis": n,
 *     ... ]                                                      --    "previousNode": "ipn:3.0"
 * }
 * </pre>
 */
final class BundleJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private BundleJson() {}

  /** The JSON object of {@code bundle}, which was decoded from {@code encodedLength} bytes. */
  static ObjectNode of(Bundle bundle, int encodedLength) {
    PrimaryBlock p = bundle.primary();
    ObjectNode root = NODES.objectNode();
    root.put("bundleId", bundle.id().toString());
    root.put("encodedLength", encodedLength);
    root.put("version", PrimaryBlock.VERSION);
    root.set("flags", unsigned(p.flags().bits()));
    root.set("flagNames", strings(FlagNames.of(p.flags())));
    putCrcType(root, p.crcType());
    root.put("destination", p.destination().toString());
    root.put("source", p.source().toString());
    root.put("reportTo", p.reportTo().toString());
    ObjectNode creation = root.putObject("creationTimestamp");
    long time = p.creationTimestamp().creationTimeMillis();
    creation.set("creationTimeMillis", unsigned(time));
    creation.set("sequenceNumber", unsigned(p.creationTimestamp().sequenceNumber()));
    if (time > 0) {
      creation.put("instant", DtnTime.toInstant(time).toString());
    } else {
      creation.putNull("instant");
    }
    root.set("lifetimeMillis", unsigned(p.lifetimeMillis()));
    if (p.isFragment()) {
      root.set("fragmentOffset", unsigned(p.fragmentOffset()));
      root.set("totalAduLength", unsigned(p.totalAduLength()));
    }
    ArrayNode blocks = root.putArray("blocks");
    for (CanonicalBlock b : bundle.blocks()) {
      blocks.add(block(b));
    }
    return root;
  }

  private static ObjectNode block(CanonicalBlock b) {
    ObjectNode o = NODES.objectNode();
    o.set("type", unsigned(b.type()));
    o.put("typeName", BlockType.name(b.type()));
    o.set("number", unsigned(b.number()));
    o.set("flags", unsigned(b.flags().bits()));
    o.set("flagNames", strings(FlagNames.of(b.flags())));
    putCrcType(o, b.crcType());
    o.put("dataLength", b.dataLength());
    o.put("data", Hex.encode(b.dataBytes()));
    if (b.type() == BlockType.HOP_COUNT) {
      HopCount hops = ExtensionBlocks.readHopCount(b.data());
      ObjectNode h = o.putObject("hopCount");
      h.put("limit", hops.limit());
      h.set("count", unsigned(hops.count()));
    } else if (b.type() == BlockType.BUNDLE_AGE) {
      o.set("bundleAgeMillis", unsigned(ExtensionBlocks.readBundleAgeMillis(b.data())));
    } else if (b.type() == BlockType.PREVIOUS_NODE) {
      o.put("previousNode", ExtensionBlocks.readPreviousNode(b.data()).toString());
    }
    return o;
  }

  private static void putCrcType(ObjectNode o, CrcType crcType) {
    o.put("crcType", crcType.code());
    o.put("crcTypeName", crcType.name());
  }

  private static JsonNode unsigned(long value) {
    return value >= 0
        ? NODES.numberNode(value)
        : NODES.numberNode(new BigInteger(Long.toUnsignedString(value)));
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }
}
