package org.starlane.cgr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.DtnTime;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;
import org.starlane.bp.spi.Clock;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Router;
import org.starlane.bp.spi.RoutingDecision;

/**
 * Contact graph routing as the Bundle Protocol Agent's {@link Router} (RFC 9171 §5.4 step 2, "one
 * possible mechanism is described in [SABR]"; CCSDS 734.3-B-1). For each bundle it applies {@link
 * RouteSelection}'s forwarding rules, books the chosen route, and tells the agent:
 *
 * <ul>
 *   <li>{@link RoutingDecision.Forward} over the link to the route's entry node, when the route's
 *       first contact is open and that link is up;
 *   <li>{@link RoutingDecision.WaitUntil} the first contact's start, when it has not begun (the
 *       bundle waits in the contact's queue; the agent also asks again whenever a link comes up);
 *   <li>{@link RoutingDecision.WaitUntil} a short recheck interval later (never after the contact's
 *       end) when the contact is open but its link is not up yet;
 *   <li>{@link RoutingDecision.NoRoute} when no route can deliver the bundle before its lifetime
 *       ends (the agent deletes it, with a status report when one was asked for).
 * </ul>
 *
 * A booked bundle is routed again, when the agent next asks about it, if its first contact ended,
 * its link failed during the contact ({@link #linkDown}: the contact is suppressed until the link
 * returns), a higher-priority bundle bumped it (overbooking), or the plan changed ({@link
 * #replacePlan}). Excluded neighbours: the bundle's previous node (RFC 9171 §4.4.1) and neighbours
 * that refused custody of it ({@link #neighbourRefusedCustody}). The bundle's priority and
 * criticality come from functions given to the builder (BPv7's primary block has no class of
 * service). Anticipatory fragmentation is not used here: the router SPI cannot ask the agent for a
 * fragment of a given size ({@link RouteSelection} offers it to other callers).
 *
 * <p>Node numbers are ipn node numbers; a bundle for a {@code dtn:} destination has no route.
 * Confined to the agent's thread, like every {@link Router}.
 */
public final class ContactGraphRouter implements Router {

  private static final Logger LOG = LoggerFactory.getLogger(ContactGraphRouter.class);
  private static final long DTN_EPOCH_UNIX_MILLIS = DtnTime.EPOCH.toEpochMilli();

  private final long localNode;
  private final Clock clock;
  private final RouteSelection selection;
  private final Function<Bundle, Priority> priority;
  private final Predicate<Bundle> critical;
  private final long recheckMillis;
  private final Map<BundleId, List<ForwardingDecision.Assignment>> booked = new HashMap<>();
  private final Map<BundleId, Set<Long>> refusedCustody = new HashMap<>();
  private long planVersion;

  private ContactGraphRouter(Builder b) {
    this.localNode = b.localNode;
    this.clock = b.clock;
    this.selection = new RouteSelection(b.localNode, b.plan, b.maxRoutes);
    this.priority = b.priority;
    this.critical = b.critical;
    this.recheckMillis = b.recheckInterval.toMillis();
  }

  /**
   * A builder for the router of node {@code localNode}.
   *
   * @param clock the agent's clock (its scheduler), read when links go up or down
   */
  public static Builder builder(long localNode, ContactPlan plan, Clock clock) {
    return new Builder(localNode, plan, clock);
  }

  /** The forwarding rules and their bookkeeping (for inspection and tests). */
  public RouteSelection selection() {
    return selection;
  }

  /** The number of plan replacements so far. */
  public long planVersion() {
    return planVersion;
  }

  /** Replaces the contact plan; every booked bundle is routed again when next asked about. */
  public void replacePlan(ContactPlan plan) {
    selection.replacePlan(plan);
    booked.clear();
    planVersion++;
    LOG.info("node {}: contact plan replaced ({})", localNode, plan);
  }

  /** {@code neighbour} refused custody of bundle {@code id}: it is excluded for that bundle. */
  public void neighbourRefusedCustody(BundleId id, long neighbour) {
    refusedCustody.computeIfAbsent(id, k -> new HashSet<>()).add(neighbour);
    release(id);
  }

  @Override
  public RoutingDecision route(Bundle bundle, Collection<Link> linksUp, long nowMillis) {
    BundleId id = bundle.id();
    if (!(bundle.primary().destination() instanceof IpnEndpoint dest)) {
      return new RoutingDecision.NoRoute();
    }
    purgeEnded(nowMillis);
    List<ForwardingDecision.Assignment> plan = booked.get(id);
    if (plan != null && !stillValid(id, plan, nowMillis)) {
      release(id);
      plan = null;
    }
    if (plan == null) {
      ForwardingDecision d =
          selection.select(request(bundle, id, dest.node(), nowMillis), nowMillis);
      if (!(d instanceof ForwardingDecision.Forward f)) {
        LOG.debug("node {}: no route for {}: {}", localNode, id, d);
        refusedCustody.remove(id);
        return new RoutingDecision.NoRoute();
      }
      for (Object bumped : f.bumped()) {
        Object key = bumped instanceof RouteSelection.CopyKey k ? k.bundleKey() : bumped;
        LOG.debug("node {}: {} bumped by higher-priority {}", localNode, key, id);
        if (key instanceof BundleId b) {
          release(b);
        }
      }
      plan = f.assignments();
      booked.put(id, plan);
    }
    return act(id, plan, linksUp, nowMillis);
  }

  private RoutingDecision act(
      BundleId id, List<ForwardingDecision.Assignment> plan, Collection<Link> linksUp, long now) {
    List<Link> go = new ArrayList<>();
    List<ForwardingDecision.Assignment> going = new ArrayList<>();
    long wake = Long.MAX_VALUE;
    for (ForwardingDecision.Assignment a : plan) {
      Contact first = a.route().firstHop();
      if (now < first.startMillis()) {
        wake = Math.min(wake, first.startMillis());
        continue;
      }
      Link link = linkTo(first.to(), linksUp);
      if (link != null) {
        go.add(link);
        going.add(a);
      } else {
        wake = Math.min(wake, Math.min(first.endMillis(), now + recheckMillis));
      }
    }
    if (!go.isEmpty()) {
      // sent: those bookings leave the backlog and keep their volume; the others are given back
      for (ForwardingDecision.Assignment a : going) {
        selection.sent(keyOf(id, a, plan));
      }
      release(id);
      return new RoutingDecision.Forward(go);
    }
    return new RoutingDecision.WaitUntil(wake);
  }

  private boolean stillValid(BundleId id, List<ForwardingDecision.Assignment> plan, long now) {
    for (ForwardingDecision.Assignment a : plan) {
      Contact first = a.route().firstHop();
      if (now >= first.endMillis()
          || selection.isSuppressed(first)
          || !selection.isBooked(keyOf(id, a, plan))) {
        return false;
      }
    }
    return true;
  }

  private static Object keyOf(
      BundleId id, ForwardingDecision.Assignment a, List<ForwardingDecision.Assignment> plan) {
    return a == plan.get(0) ? id : new RouteSelection.CopyKey(id, a.neighbour());
  }

  private void release(BundleId id) {
    List<ForwardingDecision.Assignment> plan = booked.remove(id);
    if (plan != null) {
      for (ForwardingDecision.Assignment a : plan) {
        if (selection.isBooked(keyOf(id, a, plan))) {
          selection.release(keyOf(id, a, plan));
        }
      }
    }
  }

  /** Forgets bookings whose first contact is over (their bundles were deleted or will re-ask). */
  private void purgeEnded(long now) {
    Iterator<Map.Entry<BundleId, List<ForwardingDecision.Assignment>>> it =
        booked.entrySet().iterator();
    List<BundleId> ended = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<BundleId, List<ForwardingDecision.Assignment>> e = it.next();
      if (e.getValue().get(0).route().firstHop().endMillis() <= now) {
        ended.add(e.getKey());
      }
    }
    ended.forEach(this::release);
  }

  private ForwardingRequest request(Bundle bundle, BundleId id, long destination, long now) {
    Set<Long> excluded = new HashSet<>(refusedCustody.getOrDefault(id, Set.of()));
    bundle
        .previousNode()
        .ifPresent(
            n -> {
              if (n instanceof IpnEndpoint ipn) {
                excluded.add(ipn.node());
              }
            });
    return new ForwardingRequest(
        id,
        destination,
        BundleCodec.estimateSize(bundle),
        priority.apply(bundle),
        deadline(bundle, now),
        excluded,
        critical.test(bundle),
        false);
  }

  /** The end of the bundle's lifetime on the agent's clock (RFC 9171 §4.2.7, §4.4.2). */
  static long deadline(Bundle bundle, long now) {
    PrimaryBlock p = bundle.primary();
    long lifetime = p.lifetimeMillis();
    if (lifetime < 0) {
      return Long.MAX_VALUE;
    }
    CreationTimestamp created = p.creationTimestamp();
    long start;
    if (created.isTimeUnknown()) {
      start = now - bundle.bundleAgeMillis().orElse(0);
    } else {
      start = DTN_EPOCH_UNIX_MILLIS + created.creationTimeMillis();
    }
    long end = start + lifetime;
    return end < start ? Long.MAX_VALUE : end;
  }

  private static Link linkTo(long node, Collection<Link> linksUp) {
    for (Link l : linksUp) {
      EndpointId peer = l.peerNodeId();
      if (peer instanceof IpnEndpoint ipn && ipn.node() == node && l.isUp()) {
        return l;
      }
    }
    return null;
  }

  @Override
  public void linkUp(Link link) {
    if (link.peerNodeId() instanceof IpnEndpoint ipn) {
      selection.restoreOpenContacts(ipn.node(), clock.nowMillis());
    }
  }

  @Override
  public void linkDown(Link link) {
    if (link.peerNodeId() instanceof IpnEndpoint ipn) {
      List<Object> affected = selection.suppressOpenContacts(ipn.node(), clock.nowMillis());
      if (!affected.isEmpty()) {
        LOG.debug(
            "node {}: link to {} failed, {} bundle(s) to route again",
            localNode,
            ipn.node(),
            affected.size());
      }
    }
  }

  /** Options of a {@link ContactGraphRouter}. */
  public static final class Builder {
    private final long localNode;
    private final ContactPlan plan;
    private final Clock clock;
    private Function<Bundle, Priority> priority = b -> Priority.NORMAL;
    private Predicate<Bundle> critical = b -> false;
    private Duration recheckInterval = Duration.ofSeconds(1);
    private int maxRoutes = RouteSelection.DEFAULT_MAX_ROUTES;

    private Builder(long localNode, ContactPlan plan, Clock clock) {
      if (localNode < 1) {
        throw new IllegalArgumentException(
            "local node " + localNode + " is not an ipn node number");
      }
      this.localNode = localNode;
      this.plan = Objects.requireNonNull(plan, "plan");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How a bundle's priority is found (default: {@link Priority#NORMAL} for all). */
    public Builder priority(Function<Bundle, Priority> value) {
      this.priority = Objects.requireNonNull(value, "priority");
      return this;
    }

    /** Which bundles are critical (default: none). */
    public Builder critical(Predicate<Bundle> value) {
      this.critical = Objects.requireNonNull(value, "critical");
      return this;
    }

    /** How often a bundle whose contact is open but whose link is not up is reconsidered. */
    public Builder recheckInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("recheck interval " + value + " is not positive");
      }
      this.recheckInterval = value;
      return this;
    }

    /**
     * The most routes examined for one bundle (default {@value RouteSelection#DEFAULT_MAX_ROUTES}).
     */
    public Builder maxRoutes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxRoutes " + value + " is below 1");
      }
      this.maxRoutes = value;
      return this;
    }

    public ContactGraphRouter build() {
      return new ContactGraphRouter(this);
    }
  }
}
