package org.starlane.bpsec.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Scheduler;
import org.starlane.bp.spi.SendResult;

/**
 * Test fixture: links between agents on one virtual-time scheduler. Each bundle is encoded and
 * decoded again at the peer after a delay, so it crosses the real wire format; a link may tamper
 * with bundles in flight (an attacker on the path). Confined to the scheduler's thread.
 *
 * <p>A bundle with a file-backed payload (docs/agent.md, "Large payloads") crosses as a file: the
 * streaming encoder writes it to a wire file in {@link #wireDirectory} when it is sent (so the
 * sender's payload file is read before the send completes), and at the peer the streaming decoder
 * writes its payload into the peer's {@link #payloadDirectory} (the peer agent's, which then owns
 * it). The heap never holds the payload.
 */
final class LoopbackConvergenceLayer implements ConvergenceLayer {
  private final EndpointId nodeId;
  private final Scheduler scheduler;
  private final List<Wire> links = new ArrayList<>();
  private Listener listener;

  /** Where wire files of file-backed bundles are written; null: in-memory bundles only. */
  Path wireDirectory;

  /** Where the peer's decoder puts received payloads over {@link #FILE_THRESHOLD_BYTES}. */
  Path payloadDirectory;

  /** Payload data above this are decoded into a file. */
  static final int FILE_THRESHOLD_BYTES = 64 * 1024;

  LoopbackConvergenceLayer(EndpointId nodeId, Scheduler scheduler) {
    this.nodeId = nodeId;
    this.scheduler = scheduler;
  }

  /** Connects a and b both ways (links up); returns the a-to-b direction. */
  static Wire connect(LoopbackConvergenceLayer a, LoopbackConvergenceLayer b, Duration delay) {
    Wire ab = a.new Wire(b, delay);
    Wire ba = b.new Wire(a, delay);
    ab.reverse = ba;
    ba.reverse = ab;
    a.links.add(ab);
    b.links.add(ba);
    return ab;
  }

  @Override
  public String name() {
    return "loopback";
  }

  @Override
  public void start(Listener newListener) {
    listener = newListener;
    for (Wire w : links) {
      listener.linkUp(w);
    }
  }

  @Override
  public void stop() {
    listener = null;
  }

  /** One direction of a connection. */
  final class Wire implements Link {
    private final LoopbackConvergenceLayer peer;
    private final Duration delay;
    Wire reverse;
    UnaryOperator<Bundle> tamper = UnaryOperator.identity();
    OptionalLong maxBundleSizeBytes = OptionalLong.empty();

    /** The encoded bundles as they left this node (before any tampering). */
    final List<byte[]> sent = new ArrayList<>();

    /** The file-backed bundles sent, as they left this node. */
    final List<Bundle> sentFromFiles = new ArrayList<>();

    /** What an attacker does to the wire file of a file-backed bundle in flight. */
    Consumer<Path> tamperWireFile = file -> {};

    Wire(LoopbackConvergenceLayer peer, Duration delay) {
      this.peer = peer;
      this.delay = delay;
    }

    @Override
    public EndpointId peerNodeId() {
      return peer.nodeId;
    }

    @Override
    public boolean isUp() {
      return true;
    }

    @Override
    public OptionalLong maxBundleSizeBytes() {
      return maxBundleSizeBytes;
    }

    @Override
    public CompletionStage<SendResult> send(Bundle bundle) {
      if (bundle.payloadBlock().isFileBacked()) {
        return sendThroughFile(bundle);
      }
      byte[] bytes = BundleCodec.DEFAULT.encode(bundle);
      sent.add(bytes);
      byte[] onWire = BundleCodec.DEFAULT.encode(tamper.apply(BundleCodec.DEFAULT.decode(bytes)));
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      scheduler.schedule(
          delay,
          () -> {
            peer.listener.bundleReceived(reverse, BundleCodec.DEFAULT.decode(onWire));
            result.complete(SendResult.SENT);
          });
      return result;
    }

    private CompletionStage<SendResult> sendThroughFile(Bundle bundle) {
      Path wire;
      try {
        wire = Files.createTempFile(wireDirectory, "wire-", ".bundle");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(wire), 1 << 16)) {
          BundleCodec.DEFAULT.encode(bundle, out);
        }
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
      sentFromFiles.add(bundle);
      tamperWireFile.accept(wire);
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      scheduler.schedule(
          delay,
          () -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(wire), 1 << 16)) {
              Bundle decoded =
                  BundleCodec.DEFAULT.decode(
                      in, peer.payloadDirectory, FILE_THRESHOLD_BYTES, Long.MAX_VALUE);
              peer.listener.bundleReceived(reverse, decoded);
              result.complete(SendResult.SENT);
            } catch (IOException e) {
              result.completeExceptionally(e);
            } finally {
              try {
                Files.delete(wire);
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            }
          });
      return result;
    }

    @Override
    public String toString() {
      return "Wire[" + nodeId + " -> " + peer.nodeId + "]";
    }
  }
}
