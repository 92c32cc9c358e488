package org.starlane.bp.agent;

import java.nio.file.Path;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.Clock;
import org.starlane.bp.spi.Scheduled;

/**
 * A bundle the {@link BundleProtocolAgent} holds (RFC 9171 §5), with what it needs to retain it:
 * when and from whom it was received (its lifetime, §5.5, and Bundle Age, §4.4.2, count from
 * there), its two timers (expiration, and the next forwarding attempt after a contraindication,
 * §5.4.1), the state of the current forwarding attempt (§5.4 step 5) and whether it is done (all
 * its retention constraints removed, §5.10). The bundle itself is replaced as the agent processes
 * it (unknown blocks discarded, security applied, §5.6, §5.7).
 *
 * <p>Confined to the agent's thread, like everything the agent keeps.
 */
final class Pending {
  Bundle bundle;
  final long receivedAtMillis;
  final long ageAtReceiptMillis;
  final EndpointId receivedFrom;
  Scheduled expiry;
  Scheduled retry;
  boolean waiting;

  /** The sends over links of the current forwarding attempt that have not concluded (§5.4). */
  int sendsOutstanding;

  /** The links the current forwarding attempt went over (reactive fragmentation needs one). */
  int linksThisAttempt;

  /** Whether a send over some link succeeded: the bundle was forwarded (§5.4 step 5). */
  boolean sentOnce;

  boolean done;

  /** Replaced by fragments at the router's request, which are being stored (§5.8). */
  boolean fragmenting;

  /**
   * A payload file made for the forwarding attempt under way only (the security processor's
   * ciphertext of a file-backed payload, §5.4 step 4), deleted when the attempt concludes; null if
   * none.
   */
  Path attemptFile;

  Pending(Bundle bundle, long receivedAtMillis, EndpointId receivedFrom) {
    this.bundle = bundle;
    this.receivedAtMillis = receivedAtMillis;
    this.ageAtReceiptMillis = bundle.bundleAgeMillis().orElse(0);
    this.receivedFrom = receivedFrom;
  }

  BundleId id() {
    return bundle.id();
  }

  /**
   * Milliseconds left before the bundle expires, from the creation time and {@code clock}, or, when
   * the creation time is 0, from the bundle age (§4.2.7, §4.4.2). {@link Long#MAX_VALUE} for a
   * lifetime too long to matter.
   */
  long remainingLifetimeMillis(Clock clock) {
    PrimaryBlock primary = bundle.primary();
    long lifetime = primary.lifetimeMillis();
    if (lifetime < 0) {
      return Long.MAX_VALUE; // above 2^63 ms, unsigned
    }
    long elapsed;
    CreationTimestamp created = primary.creationTimestamp();
    if (created.isTimeUnknown()) {
      elapsed = ageAtReceiptMillis + (clock.nowMillis() - receivedAtMillis);
    } else {
      elapsed = clock.dtnTimeMillis() - created.creationTimeMillis();
    }
    return lifetime - elapsed;
  }

  /**
   * A send of the bundle over one more link starts; the first one while none is outstanding starts
   * a new forwarding attempt.
   */
  void linkSendStarted() {
    if (sendsOutstanding == 0) {
      linksThisAttempt = 0;
    }
    sendsOutstanding++;
    linksThisAttempt++;
  }

  /**
   * The send over one link concluded, successfully if {@code sent}; returns whether it was the last
   * one of the forwarding attempt (§5.4 step 5: "when all selected CLAs have informed the BPA").
   */
  boolean linkSendConcluded(boolean sent) {
    sendsOutstanding--;
    if (sent) {
      sentOnce = true;
    }
    return sendsOutstanding == 0;
  }

  /** Cancels the timer of the next forwarding attempt, if one is set. */
  void cancelRetry() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }

  /** Cancels the expiration timer, if one is set. */
  void cancelExpiry() {
    if (expiry != null) {
      expiry.cancel();
      expiry = null;
    }
  }
}
