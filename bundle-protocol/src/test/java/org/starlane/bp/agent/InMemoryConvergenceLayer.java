package org.starlane.bp.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Scheduler;
import org.starlane.bp.spi.SendResult;

/**
 * A convergence layer for tests: links between agents that share one (virtual-time) scheduler. A
 * bundle is encoded, and after the link's delay decoded at the peer, so it crosses a real wire
 * format. Confined to the scheduler's thread.
 */
final class InMemoryConvergenceLayer implements ConvergenceLayer {
  private final EndpointId nodeId;
  private final Scheduler scheduler;
  private final List<MemoryLink> links = new ArrayList<>();
  private Listener listener;

  InMemoryConvergenceLayer(EndpointId nodeId, Scheduler scheduler) {
    this.nodeId = nodeId;
    this.scheduler = scheduler;
  }

  /** Two links, a to b and b to a, initially down; {@link Connection#up()} brings both up. */
  static Connection connect(
      InMemoryConvergenceLayer a, InMemoryConvergenceLayer b, Duration delay) {
    MemoryLink ab = a.new MemoryLink(b, delay);
    MemoryLink ba = b.new MemoryLink(a, delay);
    ab.reverse = ba;
    ba.reverse = ab;
    a.links.add(ab);
    b.links.add(ba);
    return new Connection(ab, ba);
  }

  /** Both directions of a connection. */
  record Connection(MemoryLink ab, MemoryLink ba) {
    void up() {
      ab.setUp(true);
      ba.setUp(true);
    }

    void down() {
      ab.setUp(false);
      ba.setUp(false);
    }
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void start(Listener newListener) {
    if (listener != null) {
      throw new IllegalStateException("started already");
    }
    listener = newListener;
    for (MemoryLink link : links) {
      if (link.up) {
        listener.linkUp(link);
      }
    }
  }

  @Override
  public void stop() {
    for (MemoryLink link : links) {
      link.setUp(false);
    }
    listener = null;
  }

  final class MemoryLink implements Link {
    private final InMemoryConvergenceLayer peer;
    private final Duration delay;
    MemoryLink reverse;
    boolean up;
    OptionalLong maxBundleSizeBytes = OptionalLong.empty();
    final List<Bundle> sent = new ArrayList<>();

    MemoryLink(InMemoryConvergenceLayer peer, Duration delay) {
      this.peer = peer;
      this.delay = delay;
    }

    void setUp(boolean value) {
      if (up == value) {
        return;
      }
      up = value;
      if (listener != null) {
        if (value) {
          listener.linkUp(this);
        } else {
          listener.linkDown(this);
        }
      }
    }

    @Override
    public EndpointId peerNodeId() {
      return peer.nodeId;
    }

    @Override
    public boolean isUp() {
      return up;
    }

    @Override
    public OptionalLong maxBundleSizeBytes() {
      return maxBundleSizeBytes;
    }

    @Override
    public CompletionStage<SendResult> send(Bundle bundle) {
      if (!up) {
        return CompletableFuture.completedFuture(new SendResult.Refused("link down"));
      }
      byte[] bytes = BundleCodec.DEFAULT.encode(bundle);
      if (maxBundleSizeBytes.isPresent() && bytes.length > maxBundleSizeBytes.getAsLong()) {
        throw new IllegalStateException(
            bytes.length + " bytes exceed the maximum bundle size " + maxBundleSizeBytes);
      }
      sent.add(bundle);
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      scheduler.schedule(
          delay,
          () -> {
            if (!up || peer.listener == null) {
              result.complete(new SendResult.Refused("link went down during the transfer"));
              return;
            }
            peer.listener.bundleReceived(reverse, BundleCodec.DEFAULT.decode(bytes));
            result.complete(SendResult.SENT);
          });
      return result;
    }

    @Override
    public String toString() {
      return "MemoryLink[" + nodeId + " -> " + peer.nodeId + "]";
    }
  }
}
