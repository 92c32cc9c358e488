package org.starlane.cl.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleFormatException;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.Scheduler;

/**
 * The simulated-RF convergence layer of one node (RFC 9171 §7): its {@link SimulatedLink}s transmit
 * to other nodes through emulated {@link RadioChannel}s, and {@link #receiveFrame} takes the frames
 * that reach this node, decodes them with {@link BundleCodec} (a frame whose CRC or structure no
 * longer checks is dropped and counted, RFC 9171 §5.6 step 3) and hands the bundles to the agent.
 *
 * <p>It runs on the agent's {@link Scheduler}: in virtual time ({@link
 * org.starlane.bp.spi.VirtualTimeScheduler}, every node of a {@link SimulatedNetwork} on one
 * scheduler) for simulations, or in real time ({@link org.starlane.bp.spi.EventLoopScheduler}) with
 * a {@link UdpFrameCarrier} between processes.
 *
 * <p>Confined to the scheduler's thread; {@link #start} and {@link #stop} may be called from
 * another thread when the scheduler is thread-safe (they hop onto it). Counters are readable from
 * any thread.
 */
public final class SimulatedConvergenceLayer implements ConvergenceLayer {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedConvergenceLayer.class);

  private final EndpointId nodeId;
  private final Scheduler scheduler;
  private final ChannelObserver observer;
  private final BundleCodec codec;
  private final Map<EndpointId, SimulatedLink> links = new LinkedHashMap<>();
  private Listener listener;

  private volatile long bundlesReceived;
  private volatile long framesDropped;
  private volatile long cutFramesKept;

  /**
   * A layer for node {@code nodeId} on {@code scheduler}, reporting channel events to {@code
   * observer}.
   *
   * @throws IllegalArgumentException if {@code nodeId} is not a node ID
   */
  public SimulatedConvergenceLayer(
      EndpointId nodeId, Scheduler scheduler, ChannelObserver observer) {
    this(nodeId, scheduler, observer, BundleCodec.DEFAULT);
  }

  /** As above, with a codec of its own limits. */
  public SimulatedConvergenceLayer(
      EndpointId nodeId, Scheduler scheduler, ChannelObserver observer, BundleCodec codec) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    if (!nodeId.isNodeId()) {
      throw new IllegalArgumentException(nodeId + " is not a node ID (RFC 9171 §4.2.5.2)");
    }
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public String name() {
    return "sim";
  }

  public EndpointId nodeId() {
    return nodeId;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  ChannelObserver observer() {
    return observer;
  }

  BundleCodec codec() {
    return codec;
  }

  /**
   * Adds a link from this node to {@code peer}: frames go through {@code channel} and, when they
   * arrive, into {@code sink}. It is up per {@code schedule} once the layer has started. Call it on
   * the scheduler's thread (or before the scheduler runs anything).
   *
   * @param random this link's own random generator (frame loss, bit errors), split from the
   *     simulation's seed: the same seed gives the same run
   * @throws IllegalArgumentException if there is a link to {@code peer} already
   */
  public SimulatedLink addLink(
      EndpointId peer,
      RadioChannel channel,
      ContactSchedule schedule,
      WindowCut cut,
      SplittableRandom random,
      FrameSink sink) {
    if (links.containsKey(peer)) {
      throw new IllegalArgumentException(nodeId + " has a link to " + peer + " already");
    }
    SimulatedLink link = new SimulatedLink(this, peer, channel, schedule, cut, random, sink);
    links.put(peer, link);
    if (listener != null) {
      link.activate();
    }
    return link;
  }

  /** The link to {@code peer}, if any. */
  public Optional<SimulatedLink> link(EndpointId peer) {
    return Optional.ofNullable(links.get(peer));
  }

  /** The links, in the order they were added. */
  public List<SimulatedLink> links() {
    return new ArrayList<>(links.values());
  }

  /** Bundles decoded and handed to the agent. */
  public long bundlesReceived() {
    return bundlesReceived;
  }

  /**
   * Frames dropped on arrival: corrupted (CRC), truncated (and not kept by the agent), or from a
   * node with no link here.
   */
  public long framesDropped() {
    return framesDropped;
  }

  /**
   * Frames cut by a window's end whose octets the agent kept as a fragment (reactive fragmentation,
   * {@link #receiveCutFrame}).
   */
  public long cutFramesKept() {
    return cutFramesKept;
  }

  /**
   * The sink for frames from node {@code from} to this node in one process: whole frames go to
   * {@link #receiveFrame}, cut ones to {@link #receiveCutFrame}.
   */
  public FrameSink sinkFrom(EndpointId from) {
    Objects.requireNonNull(from, "from");
    return new FrameSink() {
      @Override
      public void carry(byte[] frame) {
        receiveFrame(from, frame);
      }

      @Override
      public void carryCut(byte[] prefix) {
        receiveCutFrame(from, prefix);
      }
    };
  }

  @Override
  public void start(Listener newListener) {
    Objects.requireNonNull(newListener, "listener");
    onScheduler(
        () -> {
          if (listener != null) {
            throw new IllegalStateException(nodeId + ": simulated layer started already");
          }
          listener = newListener;
          for (SimulatedLink link : links.values()) {
            link.activate();
          }
        });
  }

  @Override
  public void stop() {
    onScheduler(
        () -> {
          for (SimulatedLink link : links.values()) {
            link.deactivate();
          }
          listener = null;
        });
  }

  /**
   * A frame from node {@code from} reached this node: decoded, and the bundle handed to the agent
   * as received over this node's link to {@code from}; dropped and counted if it does not decode.
   * On the scheduler's thread.
   */
  public void receiveFrame(EndpointId from, byte[] frame) {
    long now = scheduler.nowMillis();
    SimulatedLink link = links.get(from);
    if (link == null) {
      drop(from, frame, "no link from " + from + " at " + nodeId);
      return;
    }
    Bundle bundle;
    try {
      bundle = codec.decode(frame);
    } catch (BundleFormatException e) {
      drop(from, frame, e.getMessage());
      return;
    }
    bundlesReceived++;
    observer.on(new ChannelEvent.BundleReceived(now, from, nodeId, bundle.id()));
    Listener l = listener;
    if (l != null) {
      l.bundleReceived(link, bundle);
    }
  }

  /**
   * The octets of a frame from node {@code from} that the end of a contact window cut ({@link
   * WindowCut#TRUNCATED}) reached this node: they go to the agent as the prefix of a cut transfer
   * ({@link Listener#bundlePrefixReceived}), which may keep them as a fragment (reactive
   * fragmentation, RFC 9171 §5.8); if it does not, the frame is dropped and counted, as a frame
   * that does not decode. Nothing checks the payload octets (the payload block's CRC follows the
   * cut): on a channel with bit errors a kept prefix may carry flipped payload bits. On the
   * scheduler's thread.
   */
  public void receiveCutFrame(EndpointId from, byte[] prefix) {
    SimulatedLink link = links.get(from);
    Listener l = listener;
    int length = prefix.length;
    if (link == null || l == null) {
      drop(from, length, link == null ? "no link from " + from + " at " + nodeId : "not started");
      return;
    }
    l.bundlePrefixReceived(link, prefix)
        .whenComplete(
            (result, fault) -> {
              if (fault == null
                  && (result instanceof ReceiveResult.Accepted
                      || result instanceof ReceiveResult.Duplicate)) {
                cutFramesKept++;
              } else {
                drop(
                    from,
                    length,
                    "cut by the end of the contact, not kept: " + (fault != null ? fault : result));
              }
            });
  }

  private void drop(EndpointId from, byte[] frame, String reason) {
    drop(from, frame.length, reason);
  }

  private void drop(EndpointId from, int length, String reason) {
    framesDropped++;
    LOG.debug("{}: dropped a frame of {} octets from {}: {}", nodeId, length, from, reason);
    observer.on(new ChannelEvent.FrameDropped(scheduler.nowMillis(), from, nodeId, length, reason));
  }

  void linkUp(SimulatedLink link) {
    if (listener != null) {
      LOG.debug("{}: contact with {} starts", nodeId, link.peerNodeId());
      listener.linkUp(link);
    }
  }

  void linkDown(SimulatedLink link) {
    if (listener != null) {
      LOG.debug("{}: contact with {} ends", nodeId, link.peerNodeId());
      listener.linkDown(link);
    }
  }

  private void onScheduler(Runnable task) {
    if (scheduler.inSchedulerThread()) {
      task.run();
    } else {
      scheduler.execute(task);
    }
  }

  @Override
  public String toString() {
    return "SimulatedConvergenceLayer[" + nodeId + ", " + links.size() + " links]";
  }
}
