package org.starlane.bp.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.StatusReportReason;

/**
 * A convergence-layer adapter (RFC 9171 §7): TCPCL, UDPCL, a simulated RF link. It owns its links
 * and reports to the Bundle Protocol Agent, through the {@link Listener} the agent gives it, when a
 * link comes up or goes down and when a bundle arrives (§7.2, "delivering a bundle that was
 * received"). Implementations are thread-safe; their I/O runs on their own threads.
 */
public interface ConvergenceLayer {

  /** A short name for logs, for example "tcpcl" or "sim". */
  String name();

  /**
   * Starts the adapter, which from now on reports to {@code listener}. Links that are already up
   * are reported through {@link Listener#linkUp}.
   *
   * @throws IllegalStateException if already started
   */
  void start(Listener listener);

  /**
   * Stops the adapter: its links go down (reported to the listener) and it reports nothing more.
   */
  void stop();

  /**
   * What a convergence layer tells the agent. The agent's implementation is thread-safe: each call
   * only queues the event on the agent's scheduler, so it never blocks the caller.
   */
  interface Listener {
    /** {@code link} can now carry bundles. */
    void linkUp(Link link);

    /** {@code link} can no longer carry bundles. */
    void linkDown(Link link);

    /**
     * A bundle arrived over {@code link}, already decoded and checked by {@link
     * org.starlane.bp.bundle.BundleCodec} (RFC 9171 §5.6 step 3: a bundle whose CRC or format is
     * wrong is dropped by the convergence layer, which may tell the peer per its own protocol).
     *
     * @return completes, on any thread, once the agent has taken responsibility for the bundle (it
     *     is stored durably) or declined it: a convergence layer that acknowledges transfers
     *     acknowledges only {@link ReceiveResult.Accepted} (or {@link ReceiveResult.Duplicate})
     */
    CompletionStage<ReceiveResult> bundleReceived(Link link, Bundle bundle);

    /**
     * A transfer over {@code link} was cut short (the connection dropped, the contact ended) and
     * {@code prefix} holds the leading octets of the encoded bundle that arrived, unchecked. The
     * agent may keep them as a fragment (reactive fragmentation, RFC 9171 §5.8; RFC 9174 §3.2),
     * with {@link org.starlane.bp.bundle.BundleCodec#decodePrefix}, and then receives that fragment
     * like any bundle; the layer owns the array no more. The default declines.
     *
     * @return completes, on any thread, with {@link ReceiveResult.Accepted} once the fragment is
     *     taken (stored) or processed, {@link ReceiveResult.Duplicate}, or {@link
     *     ReceiveResult.Refused} when nothing is kept (the prefix is too short, reactive
     *     fragmentation is off, storage is full)
     */
    default CompletionStage<ReceiveResult> bundlePrefixReceived(Link link, byte[] prefix) {
      return CompletableFuture.completedFuture(
          new ReceiveResult.Refused(StatusReportReason.NO_ADDITIONAL_INFORMATION));
    }
  }
}
