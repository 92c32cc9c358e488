package org.starlane.cl.tcpcl;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;

/** A convergence-layer listener that records what it is told. Thread-safe. */
final class RecordingListener implements ConvergenceLayer.Listener {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final BlockingQueue<Link> up = new LinkedBlockingQueue<>();
  final BlockingQueue<Link> down = new LinkedBlockingQueue<>();
  final BlockingQueue<Bundle> bundles = new LinkedBlockingQueue<>();

  @Override
  public void linkUp(Link link) {
    up.add(link);
  }

  @Override
  public void linkDown(Link link) {
    down.add(link);
  }

  /** Answers to received bundles that the test completes itself (when {@link #deferAnswers}). */
  final BlockingQueue<CompletableFuture<ReceiveResult>> answers = new LinkedBlockingQueue<>();

  /** Whether {@link #bundleReceived} leaves its answer to the test (in {@link #answers}). */
  volatile boolean deferAnswers;

  @Override
  public CompletionStage<ReceiveResult> bundleReceived(Link link, Bundle bundle) {
    bundles.add(bundle);
    if (deferAnswers) {
      CompletableFuture<ReceiveResult> answer = new CompletableFuture<>();
      answers.add(answer);
      return answer;
    }
    return CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);
  }

  /** The octets of cut incoming transfers, as {@link #bundlePrefixReceived} got them. */
  final BlockingQueue<byte[]> prefixes = new LinkedBlockingQueue<>();

  @Override
  public CompletionStage<ReceiveResult> bundlePrefixReceived(Link link, byte[] prefix) {
    prefixes.add(prefix);
    return CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);
  }

  static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (t == null) {
      throw new AssertionError("nothing within " + TIMEOUT);
    }
    return t;
  }

  /**
   * A bundle from ipn:1.1 to ipn:2.1 with {@code payloadBytes} of payload, sequence {@code seq}.
   */
  static Bundle bundle(int payloadBytes, long seq) {
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + seq);
    }
    return Bundle.of(
        PrimaryBlock.of(
            EndpointId.ipn(2, 1),
            EndpointId.ipn(1, 1),
            new CreationTimestamp(1_000_000, seq),
            3_600_000),
        CanonicalBlock.payload(ByteBuffer.wrap(payload)));
  }
}
