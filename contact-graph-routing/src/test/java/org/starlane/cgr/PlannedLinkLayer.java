package org.starlane.cgr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A tiny in-memory convergence layer for tests whose links follow the contact plan: the link from
 * this node to a neighbour is up exactly while a contact to it is open ({@link ContactListener}),
 * and a bundle arrives after the contact's light time plus its size over the contact's rate,
 * encoded and decoded on the way. A test can also fail a link by hand. Confined to the scheduler's
 * thread.
 */
final class PlannedLinkLayer implements ConvergenceLayer, ContactListener {

  private final long node;
  private final ContactPlan plan;
  private final Scheduler scheduler;
  private final Map<Long, PlannedLink> links = new HashMap<>();
  private final Map<Long, PlannedLinkLayer> peers;
  private Listener listener;

  /** "from->to@millis" for each bundle sent. */
  final List<String> sent = new ArrayList<>();

  /** Each bundle sent, with where to and when. */
  final List<Sent> sentBundles = new ArrayList<>();

  /**
   * A bundle sent to {@code neighbour} at {@code atMillis}, as it went (after the per-hop edits).
   */
  record Sent(long neighbour, long atMillis, Bundle bundle) {}

  PlannedLinkLayer(
      long node, ContactPlan plan, Scheduler scheduler, Map<Long, PlannedLinkLayer> peers) {
    this.node = node;
    this.plan = plan;
    this.scheduler = scheduler;
    this.peers = peers;
    peers.put(node, this);
  }

  @Override
  public String name() {
    return "planned";
  }

  @Override
  public void start(Listener newListener) {
    listener = newListener;
    ContactSchedule.start(plan, node, scheduler, this);
  }

  @Override
  public void stop() {
    links.values().forEach(l -> l.set(false));
    listener = null;
  }

  @Override
  public void contactStarted(Contact c) {
    if (c.from() == node) {
      link(c.to()).contact = c;
      link(c.to()).set(true);
    }
  }

  @Override
  public void contactEnded(Contact c) {
    if (c.from() == node) {
      link(c.to()).set(false);
    }
  }

  /** Takes the link to {@code neighbour} down now, as a failure would. */
  void fail(long neighbour) {
    link(neighbour).set(false);
  }

  private PlannedLink link(long neighbour) {
    return links.computeIfAbsent(neighbour, PlannedLink::new);
  }

  final class PlannedLink implements Link {
    private final long neighbour;
    private boolean up;
    private Contact contact;

    PlannedLink(long neighbour) {
      this.neighbour = neighbour;
    }

    void set(boolean value) {
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
      return EndpointId.ipn(neighbour, 0);
    }

    @Override
    public boolean isUp() {
      return up;
    }

    @Override
    public CompletionStage<SendResult> send(Bundle bundle) {
      if (!up) {
        return CompletableFuture.completedFuture(new SendResult.Refused("link down"));
      }
      byte[] bytes = BundleCodec.DEFAULT.encode(bundle);
      long delay =
          plan.owltMillis(contact).orElseThrow()
              + (bytes.length * 1000L + contact.rateBytesPerSecond() - 1)
                  / contact.rateBytesPerSecond();
      sent.add(node + "->" + neighbour + "@" + scheduler.nowMillis());
      sentBundles.add(new Sent(neighbour, scheduler.nowMillis(), bundle));
      PlannedLinkLayer peer = peers.get(neighbour);
      scheduler.schedule(
          java.time.Duration.ofMillis(delay),
          () -> peer.listener.bundleReceived(peer.link(node), BundleCodec.DEFAULT.decode(bytes)));
      return CompletableFuture.completedFuture(SendResult.SENT);
    }

    @Override
    public String toString() {
      return "PlannedLink[" + node + " -> " + neighbour + "]";
    }
  }
}
