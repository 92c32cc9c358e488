package org.starlane.node.cli;

import java.util.ArrayList;
import java.util.List;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BundleProcessingFlags;

/**
 * Names of the bits set in a flags word: the constant names of {@link BundleProcessingFlags} (RFC
 * 9171 §4.2.3) and {@link BlockProcessingFlags} (§4.2.4), lowest bit first; a set bit that RFC 9171
 * does not assign is named {@code UNASSIGNED_0x...}.
 */
final class FlagNames {
  private static final long[] BUNDLE_BITS = {
    BundleProcessingFlags.IS_FRAGMENT,
    BundleProcessingFlags.ADMINISTRATIVE_RECORD,
    BundleProcessingFlags.MUST_NOT_FRAGMENT,
    BundleProcessingFlags.ACKNOWLEDGEMENT_REQUESTED,
    BundleProcessingFlags.STATUS_TIME_REQUESTED,
    BundleProcessingFlags.REPORT_RECEPTION,
    BundleProcessingFlags.REPORT_FORWARDING,
    BundleProcessingFlags.REPORT_DELIVERY,
    BundleProcessingFlags.REPORT_DELETION
  };
  private static final String[] BUNDLE_NAMES = {
    "IS_FRAGMENT",
    "ADMINISTRATIVE_RECORD",
    "MUST_NOT_FRAGMENT",
    "ACKNOWLEDGEMENT_REQUESTED",
    "STATUS_TIME_REQUESTED",
    "REPORT_RECEPTION",
    "REPORT_FORWARDING",
    "REPORT_DELIVERY",
    "REPORT_DELETION"
  };
  private static final long[] BLOCK_BITS = {
    BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT,
    BlockProcessingFlags.REPORT_IF_UNPROCESSABLE,
    BlockProcessingFlags.DELETE_BUNDLE_IF_UNPROCESSABLE,
    BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE
  };
  private static final String[] BLOCK_NAMES = {
    "REPLICATE_IN_EVERY_FRAGMENT",
    "REPORT_IF_UNPROCESSABLE",
    "DELETE_BUNDLE_IF_UNPROCESSABLE",
    "DISCARD_BLOCK_IF_UNPROCESSABLE"
  };

  private FlagNames() {}

  static List<String> of(BundleProcessingFlags flags) {
    return names(flags.bits(), BUNDLE_BITS, BUNDLE_NAMES);
  }

  static List<String> of(BlockProcessingFlags flags) {
    return names(flags.bits(), BLOCK_BITS, BLOCK_NAMES);
  }

  private static List<String> names(long bits, long[] known, String[] names) {
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      long mask = 1L << bit;
      if ((bits & mask) == 0) {
        continue;
      }
      String name = "UNASSIGNED_0x" + Long.toHexString(mask);
      for (int i = 0; i < known.length; i++) {
        if (known[i] == mask) {
          name = names[i];
        }
      }
      out.add(name);
    }
    return out;
  }
}
