package org.starlane.cl.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.Scheduler;

/**
 * A simulation of nodes joined by simulated radio links, all on one scheduler (usually a {@link
 * org.starlane.bp.spi.VirtualTimeScheduler} that the agents share): it makes each node's {@link
 * SimulatedConvergenceLayer} and connects pairs of them, and it owns the randomness. Each direction
 * of each link gets its own generator, split from one {@link SplittableRandom} seeded with the
 * simulation's seed in the order the links are connected — no shared or global randomness — so the
 * same seed and the same set-up give the same run, event for event.
 *
 * <p>Confined to the scheduler's thread.
 */
public final class SimulatedNetwork {
  private final Scheduler scheduler;
  private final SplittableRandom root;
  private final ChannelObserver observer;
  private final Map<EndpointId, SimulatedConvergenceLayer> nodes = new LinkedHashMap<>();

  /** A network on {@code scheduler}, deterministic from {@code seed}, with no observer. */
  public SimulatedNetwork(Scheduler scheduler, long seed) {
    this(scheduler, seed, ChannelObserver.NONE);
  }

  /** As above, reporting every channel event to {@code observer}. */
  public SimulatedNetwork(Scheduler scheduler, long seed, ChannelObserver observer) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.root = new SplittableRandom(seed);
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** The convergence layer of node {@code nodeId}, made on first use. */
  public SimulatedConvergenceLayer node(EndpointId nodeId) {
    return nodes.computeIfAbsent(
        nodeId, id -> new SimulatedConvergenceLayer(id, scheduler, observer));
  }

  /** Both directions of a link. */
  public record Connection(SimulatedLink aToB, SimulatedLink bToA) {}

  /**
   * Connects {@code a} and {@code b}: frames from a to b go through {@code aToB}, the others
   * through {@code bToA} (asymmetric rates, light times, losses), both directions up in the same
   * {@code schedule}, cut transfers treated per {@code cut}.
   */
  public Connection connect(
      EndpointId a,
      EndpointId b,
      RadioChannel aToB,
      RadioChannel bToA,
      ContactSchedule schedule,
      WindowCut cut) {
    if (a.equals(b)) {
      throw new IllegalArgumentException("cannot connect " + a + " to itself");
    }
    SimulatedLink ab = connectOneWay(a, b, aToB, schedule, cut);
    SimulatedLink ba = connectOneWay(b, a, bToA, schedule, cut);
    return new Connection(ab, ba);
  }

  /**
   * A link from {@code from} to {@code to} only, up in its own {@code schedule}: a contact plan's
   * contacts are one-way, and the two directions of a pair of nodes may have different windows.
   * Connect the other direction with a second call (or not at all).
   *
   * @throws IllegalArgumentException if {@code from} equals {@code to}, or there is a link from
   *     {@code from} to {@code to} already
   */
  public SimulatedLink connectOneWay(
      EndpointId from,
      EndpointId to,
      RadioChannel channel,
      ContactSchedule schedule,
      WindowCut cut) {
    if (from.equals(to)) {
      throw new IllegalArgumentException("cannot connect " + from + " to itself");
    }
    SimulatedConvergenceLayer sender = node(from);
    SimulatedConvergenceLayer receiver = node(to);
    return sender.addLink(to, channel, schedule, cut, root.split(), receiver.sinkFrom(from));
  }

  /** {@link #connect} with the same channel both ways. */
  public Connection connect(
      EndpointId a, EndpointId b, RadioChannel channel, ContactSchedule schedule, WindowCut cut) {
    return connect(a, b, channel, channel, schedule, cut);
  }
}
