package org.starlane.bp.agent;

import java.util.ArrayList;
import java.util.List;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.spi.SendResult;

/**
 * The sends of one bundle's units over one link in one forwarding attempt (RFC 9171 §5.4 step 5):
 * what went over the link (the bundle as forwarded, or its fragments when the link takes bundles
 * only up to a size, §5.8), each unit's outcome, and the outcome of them all, the first failure
 * winning. After a failed attempt, it also says what the peer did not take ({@link #whatIsLeft}),
 * from which reactive fragmentation (§5.8; RFC 9174 §3.2) makes the fragments to send instead.
 *
 * <p>Confined to the agent's thread: the agent records each unit's outcome there.
 */
final class UnitSends {
  /** What went over the link: the bundle as forwarded (§5.4 step 4), or its fragments. */
  final List<Bundle> units;

  /** When the units were made: the time their Bundle Age blocks (if any) were set for. */
  final long sentAtMillis;

  /** Each unit's outcome; null for a send that completed exceptionally. */
  private final SendResult[] results;

  private int outstanding;

  /** The outcome of them all: {@link SendResult#SENT}, the first failure, or null after a fault. */
  SendResult result = SendResult.SENT;

  /** The first send that completed exceptionally, if it came before any other failure. */
  Throwable fault;

  UnitSends(List<Bundle> units, long sentAtMillis) {
    this.units = units;
    this.sentAtMillis = sentAtMillis;
    this.results = new SendResult[units.size()];
    this.outstanding = units.size();
  }

  /** Records one send's outcome (the first failure wins); true when it was the last one. */
  boolean concluded(int index, SendResult unitResult, Throwable unitFault) {
    results[index] = unitFault == null ? unitResult : null;
    if (fault == null && result instanceof SendResult.Sent) {
      if (unitFault != null) {
        fault = unitFault;
        result = null;
      } else if (!(unitResult instanceof SendResult.Sent)) {
        result = unitResult;
      }
    }
    return --outstanding == 0;
  }

  /**
   * Once every send concluded, what the peer did not take of the units, if it took part of them (a
   * unit acknowledged whole, or a cut unit whose acknowledged prefix reaches into its payload): the
   * rest of each cut unit's payload ({@link Fragmentation#remainder}) and each unit the peer took
   * nothing of, in order; null if the peer took nothing. Offsets are computed on the units as they
   * were encoded and sent.
   */
  List<Bundle> whatIsLeft() {
    List<Bundle> left = new ArrayList<>(units.size());
    boolean taken = false;
    for (int i = 0; i < units.size(); i++) {
      Bundle unit = units.get(i);
      SendResult outcome = results[i];
      if (outcome instanceof SendResult.Sent) {
        taken = true;
        continue;
      }
      long acknowledged = outcome instanceof SendResult.Failed f ? f.acknowledgedBytes() : 0;
      long payloadTaken = acknowledgedPayloadBytes(unit, acknowledged);
      if (payloadTaken > 0) {
        left.add(Fragmentation.remainder(unit, payloadTaken));
        taken = true;
      } else {
        left.add(unit);
      }
    }
    return taken ? left : null;
  }

  /**
   * How many payload bytes of {@code unit} a peer that acknowledged {@code acknowledgedBytes}
   * leading octets of its encoding holds, if reactive fragmentation may use them: at least 1 and at
   * most all but the last (a fragment holds 0 &lt; N &lt; M of them, §5.8; a receiver keeps as
   * much, {@link BundleCodec#decodePrefix}); 0 when the acknowledged prefix ends before the
   * payload's data, or the bundle must not be fragmented.
   */
  private static long acknowledgedPayloadBytes(Bundle unit, long acknowledgedBytes) {
    if (acknowledgedBytes <= 0 || unit.primary().flags().mustNotFragment()) {
      return 0;
    }
    long payloadBytes = acknowledgedBytes - BundleCodec.payloadDataOffset(unit);
    return Math.max(0, Math.min(payloadBytes, unit.payloadBlock().dataSizeBytes() - 1));
  }
}
