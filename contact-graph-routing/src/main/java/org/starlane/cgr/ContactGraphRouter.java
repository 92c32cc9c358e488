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
 *   <li>{@link RoutingDecision.Fragment} when no route has the volume for the whole bundle but one
 *       has it for a first fragment and the bundle may be fragmented (anticipatory fragmentation,
 *       below);
 *   <li>{@link RoutingDecision.NoRoute} when no route can deliver the bundle before its lifetime
 *       ends (the agent deletes it, with a status report when one was asked for).
 * </ul>
 *
 * A booked bundle is routed again if its first contact ended (when the agent next asks), and at
 * once — through the {@link Router.Rerouting} the agent gave at {@link #start} — if its link failed
 * during the contact ({@link #linkDown}: the contact is suppressed until the link returns), a
 * higher-priority bundle bumped it (overbooking), or the plan changed ({@link #replacePlan}).
 * Excluded neighbours: the bundle's previous node (RFC 9171 §4.4.1) and neighbours that refused
 * custody of it ({@link #neighbourRefusedCustody}). The bundle's priority and criticality come from
 * functions given to the builder (BPv7's primary block has no class of service).
 *
 * <p>Sizes: a bundle's size is its encoding as this node will send it ({@link
 * BundleCodec#encodedSizeBytes} of the bundle with this node's Previous Node block, RFC 9171
 * §4.4.1), so that the volume and the time a route has for it count the bytes that go over the
 * link.
 *
 * <p>Anticipatory fragmentation (CCSDS 734.3-B-1; RFC 9171 §5.8): when {@link RouteSelection} finds
 * no route whose route volume limit — residual volume, and what the contacts' remaining time at
 * their rates can carry — covers the bundle's estimated consumption (size + 3 %, at least 100
 * bytes) and the bundle may be fragmented — it is not flagged "must not be fragmented" and the
 * route has room for its blocks and at least one payload byte — the router asks the agent for a
 * first fragment of at most the largest size that fits the best such route (translated from "as
 * sent" to "as held", which is what the agent cuts). That volume stays booked for the first
 * fragment until the agent routes it (same source, creation time and payload offset as the bundle),
 * which then takes the route on its own; the rest of the payload is routed again as another
 * fragment, and may be split again. A bundle flagged "must not be fragmented" is never split: it
 * takes a route with volume and time for it, or has none.
 *
 * <p>Node numbers are ipn node numbers; a bundle for a {@code dtn:} destination has no route.
 * Confined to the agent's thread, like every {@link Router}.
 */
public final class ContactGraphRouter implements Router {

  private static final Logger LOG = LoggerFactory.getLogger(ContactGraphRouter.class);
  private static final long DTN_EPOCH_UNIX_MILLIS = DtnTime.EPOCH.toEpochMilli();

  private final long localNode;
  private final EndpointId localEid;
  private final Clock clock;
  private final RouteSelection selection;
  private final Function<Bundle, Priority> priority;
  private final Predicate<Bundle> critical;
  private final long recheckMillis;
  private final Map<BundleId, List<ForwardingDecision.Assignment>> booked = new HashMap<>();
  private final Map<BundleId, Set<Long>> refusedCustody = new HashMap<>();

  /** Volume booked for the first fragments the agent was asked to cut, by what identifies them. */
  private final Map<FirstFragment, Split> splits = new HashMap<>();

  private Rerouting rerouting;
  private long planVersion;

  /**
   * What a bundle and its first fragment share (RFC 9171 §5.8): source, creation timestamp and
   * where the payload starts in the ADU.
   */
  private record FirstFragment(EndpointId source, CreationTimestamp created, long offset) {
    static FirstFragment of(Bundle bundle) {
      PrimaryBlock p = bundle.primary();
      return new FirstFragment(
          p.source(), p.creationTimestamp(), p.isFragment() ? p.fragmentOffset() : 0);
    }
  }

  /** The booking made for a first fragment: under the key of the bundle that is being split. */
  private record Split(BundleId key, ForwardingDecision.Assignment assignment) {}

  /**
   * What a first fragment's primary block may gain: the fragment offset and the total ADU length,
   * two CBOR unsigned integers of up to 9 bytes each (RFC 9171 §4.2.2).
   */
  private static final long FRAGMENT_FIELDS_BYTES = 18;

  private ContactGraphRouter(Builder b) {
    this.localNode = b.localNode;
    this.localEid = EndpointId.ipn(b.localNode, 0);
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

  /**
   * Replaces the contact plan; every bundle booked on the old one is routed again at once (through
   * the agent's {@link Router.Rerouting}).
   */
  public void replacePlan(ContactPlan plan) {
    selection.replacePlan(plan);
    List<BundleId> affected = new ArrayList<>(booked.keySet());
    booked.clear();
    splits.clear();
    planVersion++;
    LOG.info(
        "node {}: contact plan replaced ({}), {} bundle(s) to route again",
        localNode,
        plan,
        affected.size());
    affected.forEach(this::wake);
  }

  /**
   * Keeps the agent's {@link Router.Rerouting}, through which this router asks for bundles to be
   * routed again.
   *
   * @throws IllegalStateException if this router serves an agent already
   */
  @Override
  public void start(Rerouting value) {
    Objects.requireNonNull(value, "rerouting");
    if (rerouting != null) {
      throw new IllegalStateException(
          "the router of node " + localNode + " serves an agent already");
    }
    rerouting = value;
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
    if (!splits.isEmpty()) {
      // the first fragment takes over the volume held for it (or the bundle, when not split)
      Split split = splits.remove(FirstFragment.of(bundle));
      if (split != null && selection.isBooked(split.key())) {
        selection.release(split.key());
      }
    }
    List<ForwardingDecision.Assignment> plan = booked.get(id);
    if (plan != null && !stillValid(id, plan, nowMillis)) {
      release(id);
      plan = null;
    }
    if (plan == null) {
      ForwardingRequest request = request(bundle, id, dest.node(), nowMillis);
      ForwardingDecision d = selection.select(request, nowMillis);
      if (d instanceof ForwardingDecision.Fragment f) {
        reroute(f.bumped(), "bumped by higher-priority", id);
        splits.put(FirstFragment.of(bundle), new Split(id, f.assignment()));
        // the size rule counts the fragment as sent; the agent cuts it as it holds it
        long asHeld =
            f.fragmentBytes() - (request.sizeBytes() - BundleCodec.encodedSizeBytes(bundle));
        LOG.debug(
            "node {}: {} fragmented to fit {} bytes ({} as sent) into the route via {}",
            localNode,
            id,
            asHeld,
            f.fragmentBytes(),
            f.assignment().neighbour());
        return new RoutingDecision.Fragment(asHeld);
      }
      if (!(d instanceof ForwardingDecision.Forward f)) {
        LOG.debug("node {}: no route for {}: {}", localNode, id, d);
        refusedCustody.remove(id);
        return new RoutingDecision.NoRoute();
      }
      reroute(f.bumped(), "bumped by higher-priority", id);
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
        selection.sent(keyOf(id, a, plan), now);
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

  /**
   * Releases the bookings of {@code keys} (bundles, or copies of critical ones, whose bookings are
   * gone) and asks the agent to route their bundles again now.
   */
  private void reroute(List<?> keys, String why, Object cause) {
    for (Object k : keys) {
      Object key = k instanceof RouteSelection.CopyKey copy ? copy.bundleKey() : k;
      if (key instanceof BundleId b) {
        LOG.debug("node {}: {} to route again: {} {}", localNode, b, why, cause);
        release(b);
        wake(b);
      }
    }
  }

  /** Asks the agent, if there is one, to route bundle {@code id} again. */
  private void wake(BundleId id) {
    if (rerouting != null) {
      rerouting.routeAgain(id);
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
    splits
        .values()
        .removeIf(
            s -> {
              if (s.assignment().route().firstHop().endMillis() > now) {
                return false;
              }
              if (selection.isBooked(s.key())) {
                selection.release(s.key());
              }
              return true;
            });
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
    long size = sentSizeBytes(bundle);
    long payload = bundle.payloadBlock().dataSizeBytes();
    long minFragment =
        bundle.primary().flags().mustNotFragment() || payload < 2
            ? 0
            : size - payload + FRAGMENT_FIELDS_BYTES + 1;
    return new ForwardingRequest(
        id,
        destination,
        size,
        priority.apply(bundle),
        deadline(bundle, now),
        excluded,
        critical.test(bundle),
        minFragment);
  }

  /**
   * The encoded size of {@code bundle} as this node will send it: with its own Previous Node block
   * (RFC 9171 §4.4.1), which the agent puts in, or puts in place of the one it received, when it
   * forwards a bundle (§5.4 step 4). Route volumes and times count these bytes; the 3 % of the
   * estimated consumption are left for the convergence layer.
   */
  private long sentSizeBytes(Bundle bundle) {
    return BundleCodec.encodedSizeBytes(bundle.withPreviousNode(localEid));
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
      reroute(affected, "the link failed during its contact to", ipn.node());
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
