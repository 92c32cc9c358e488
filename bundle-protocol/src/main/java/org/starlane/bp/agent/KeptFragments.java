package org.starlane.bp.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.Reassembly;

/**
 * The fragments addressed to this node that the {@link BundleProtocolAgent} keeps until their ADU
 * can be reassembled (RFC 9171 §5.9, retention constraint "reassembly pending"), by the ID of their
 * original bundle, together with the {@link Reassembly} that tracks which parts of each ADU they
 * cover; the two are changed together. What to do with the fragments given back (release them once
 * the whole bundle is stored or arrived whole, delete them when the ADU cannot be completed) is the
 * agent's.
 *
 * <p>Confined to the agent's thread.
 */
final class KeptFragments {
  private final Reassembly reassembly;
  private final Map<BundleId, List<Pending>> byAdu = new HashMap<>();

  KeptFragments(Reassembly reassembly) {
    this.reassembly = reassembly;
  }

  /**
   * Adds {@code fragment}'s payload to the reassembly of its ADU, and keeps the fragment if the ADU
   * is still {@link Reassembly.Incomplete}. After {@link Reassembly.Complete}, the caller takes the
   * fragments with {@link #completedBy}.
   */
  Reassembly.Outcome add(Pending fragment) {
    Reassembly.Outcome outcome = reassembly.add(fragment.bundle);
    if (outcome instanceof Reassembly.Incomplete incomplete) {
      byAdu.computeIfAbsent(incomplete.aduId(), id -> new ArrayList<>()).add(fragment);
    }
    return outcome;
  }

  /**
   * The fragments that completed the ADU {@code aduId}, {@code last} (the one whose {@link #add}
   * completed it) at the end; no longer kept.
   */
  List<Pending> completedBy(BundleId aduId, Pending last) {
    List<Pending> fragments = byAdu.remove(aduId);
    List<Pending> parts = fragments == null ? new ArrayList<>(1) : fragments;
    parts.add(last);
    return parts;
  }

  /**
   * Stops reassembling the ADU {@code aduId}, for example because its bundle arrived whole: the
   * fragments kept for it, no longer kept; null if none are.
   */
  List<Pending> discard(BundleId aduId) {
    List<Pending> fragments = byAdu.remove(aduId);
    if (fragments != null) {
      reassembly.discard(aduId);
    }
    return fragments;
  }

  /**
   * If {@code p} is a fragment kept here, stops reassembling its ADU, which cannot be completed
   * without it (for example when its lifetime ended, §5.5): the fragments kept for the ADU, {@code
   * p} included, no longer kept; null if {@code p} is not kept here.
   */
  List<Pending> abandon(Pending p) {
    if (!p.bundle.primary().isFragment()) {
      return null;
    }
    BundleId aduId = Reassembly.aduId(p.bundle);
    List<Pending> fragments = byAdu.get(aduId);
    if (fragments == null || !fragments.contains(p)) {
      return null;
    }
    byAdu.remove(aduId);
    reassembly.discard(aduId);
    return fragments;
  }
}
