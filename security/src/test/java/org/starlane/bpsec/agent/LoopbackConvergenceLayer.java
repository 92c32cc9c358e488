package org.starlane.bpsec.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 */
final class LoopbackConvergenceLayer implements ConvergenceLayer {
  private final EndpointId nodeId;
  private final Scheduler scheduler;
  private final List<Wire> links = new ArrayList<>();
  private Listener listener;

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

    @Override
    public String toString() {
      return "Wire[" + nodeId + " -> " + peer.nodeId + "]";
    }
  }
}
