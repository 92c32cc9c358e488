package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * CGR's routes against a node-based earliest-arrival oracle, and their time consistency; the
 * forwarding rules' route volume limit against one written out here.
 */
class ContactGraphProperties {

  /**
   * The oracle: earliest arrival at every node, by relaxing every usable contact until nothing
   * changes (Bellman–Ford over nodes). Contact c carries a bundle that is at c.from at t when c.end
   * > t, and delivers it at max(t, c.start) + owlt(c).
   */
  static Map<Long, Long> earliestArrival(ContactPlan plan, long source, long t0) {
    Map<Long, Long> ea = new HashMap<>();
    ea.put(source, t0);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Contact c : plan.contacts()) {
        Long t = ea.get(c.from());
        if (t == null || !plan.isUsable(c) || c.endMillis() <= t) {
          continue;
        }
        long arrival = Math.max(t, c.startMillis()) + plan.owltMillis(c).getAsLong();
        Long known = ea.get(c.to());
        if (known == null || arrival < known) {
          ea.put(c.to(), arrival);
          changed = true;
        }
      }
    }
    return ea;
  }

  @Property(tries = 400)
  void bestArrivalEqualsTheOracles(
      @ForAll("plans") ContactPlan plan,
      @ForAll @IntRange(min = 1, max = 6) int source,
      @ForAll @IntRange(min = 1, max = 6) int destination,
      @ForAll @LongRange(min = 0, max = 40_000) long t0) {
    Route best = ContactGraph.of(plan).bestRoute(source, destination, t0);

    Long expected =
        source == destination ? null : earliestArrival(plan, source, t0).get((long) destination);
    if (expected == null) {
      assertThat(best).isNull();
    } else {
      assertThat(best).isNotNull();
      assertThat(best.bestDeliveryMillis()).isEqualTo(expected);
    }
  }

  @Property(tries = 300)
  void everyRouteIsTimeConsistentAndNoneBeatsTheOracle(
      @ForAll("plans") ContactPlan plan,
      @ForAll @IntRange(min = 1, max = 6) int source,
      @ForAll @IntRange(min = 1, max = 6) int destination,
      @ForAll @LongRange(min = 0, max = 40_000) long t0) {
    List<Route> routes = ContactGraph.of(plan).routes(source, destination, t0, 12);
    Long oracle = earliestArrival(plan, source, t0).get((long) destination);

    long previous = Long.MIN_VALUE;
    Set<List<Contact>> distinct = new HashSet<>();
    for (Route r : routes) {
      assertThat(distinct.add(r.hops())).as("routes are distinct").isTrue();
      assertThat(r.bestDeliveryMillis())
          .isGreaterThanOrEqualTo(oracle)
          .isGreaterThanOrEqualTo(previous);
      previous = r.bestDeliveryMillis();
      long node = source;
      long t = t0;
      long termination = Long.MAX_VALUE;
      Set<Long> visited = new HashSet<>(List.of((long) source));
      List<Long> arrivals = new ArrayList<>();
      for (Contact c : r.hops()) {
        assertThat(c.from()).isEqualTo(node);
        assertThat(plan.isUsable(c)).isTrue();
        assertThat(c.endMillis())
            .as("contact still open when the bundle is at its sender")
            .isGreaterThan(t);
        t = Math.max(t, c.startMillis()) + plan.owltMillis(c).getAsLong();
        termination = Math.min(termination, c.endMillis());
        arrivals.add(t);
        node = c.to();
        assertThat(visited.add(node)).as("no node twice").isTrue();
      }
      assertThat(node).isEqualTo(destination);
      assertThat(r.hopArrivalMillis()).isEqualTo(arrivals);
      assertThat(r.bestDeliveryMillis()).isEqualTo(t);
      assertThat(r.terminationMillis()).isEqualTo(termination);
    }
    if (oracle != null && source != destination) {
      assertThat(routes).isNotEmpty();
      assertThat(routes.get(0).bestDeliveryMillis()).isEqualTo(oracle);
    }
  }

  /** One bundle for {@link #everySelectedRouteHasEffectiveVolumeForTheBundle}. */
  record Bundle(
      long destination,
      long sizeBytes,
      Priority priority,
      long minFragmentBytes,
      long lifetimeMillis,
      long advanceMillis,
      boolean sendPrevious) {}

  /**
   * SABR's route volume limit (CCSDS 734.3-B-1 §3.2.6.8.9–10), written out independently of {@link
   * RouteSelection}: per hop, the lesser of its residual volume and rate × (earliest end among it
   * and the hops after it − its first byte's transmission), the first byte leaving hop 1 after what
   * is on its link and the backlog, and each later hop when the last byte has arrived. Returns
   * {limit, arrival}.
   */
  static long[] routeVolumeLimit(
      ContactPlan plan, List<Contact> hops, long size, long now, Map<Contact, long[]> state) {
    long limit = Long.MAX_VALUE;
    long t = now;
    for (int i = 0; i < hops.size(); i++) {
      Contact c = hops.get(i);
      long rate = c.rateBytesPerSecond();
      long tx = Math.max(t, c.startMillis());
      if (i == 0) {
        tx = Math.max(tx, state.get(c)[2]) + ceilDiv(state.get(c)[1] * 1000, rate);
      }
      long stop =
          hops.subList(i, hops.size()).stream().mapToLong(Contact::endMillis).min().orElseThrow();
      long byTime = tx < stop ? rate * (stop - tx) / 1000 : 0;
      limit = Math.min(limit, Math.min(byTime, state.get(c)[0]));
      t = tx + ceilDiv(size * 1000, rate) + plan.owltMillis(c).getAsLong();
    }
    return new long[] {limit, t};
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static final String TIME_LEFT = "the bundle does not fit in the contacts' remaining time";

  @Property(tries = 300)
  void everySelectedRouteHasEffectiveVolumeForTheBundle(
      @ForAll("ratedPlans") ContactPlan plan,
      @ForAll @LongRange(min = 0, max = 30_000) long t0,
      @ForAll("bundles") List<Bundle> bundles) {
    RouteSelection s = new RouteSelection(1, plan, 16);
    ContactGraph graph = s.graph();
    long now = t0;
    String previous = null;
    int n = 0;
    for (Bundle b : bundles) {
      now += b.advanceMillis();
      if (b.sendPrevious() && previous != null && s.isBooked(previous)) {
        s.sent(previous, now);
      }
      Map<Contact, long[]> state = new HashMap<>(); // residual, backlog, end of what was sent
      for (Contact c : plan.contacts()) {
        int i = graph.indexOf(c);
        if (i >= 0) {
          state.put(
              c,
              new long[] {
                s.volumes().residual(i, b.priority()),
                s.volumes().backlog(i, b.priority()),
                s.volumes().sendingUntilMillis(i)
              });
        }
      }
      String key = "b" + n++;
      long deadline = b.lifetimeMillis() < 0 ? Long.MAX_VALUE : now + b.lifetimeMillis();
      ForwardingRequest r =
          new ForwardingRequest(
              key,
              b.destination(),
              b.sizeBytes(),
              b.priority(),
              deadline,
              Set.of(),
              false,
              b.minFragmentBytes());
      ForwardingDecision d = s.select(r, now);
      Statistics.label("decision")
          .collect(
              d instanceof ForwardingDecision.NoRoute no
                  ? no.reason()
                  : d.getClass().getSimpleName());

      if (d instanceof ForwardingDecision.Forward f) {
        for (ForwardingDecision.Assignment a : f.assignments()) {
          long[] oracle = routeVolumeLimit(plan, a.route().hops(), b.sizeBytes(), now, state);
          assertThat(oracle[0])
              .as("route volume limit covers the estimated consumption")
              .isGreaterThanOrEqualTo(r.estimatedVolumeConsumption());
          assertThat(a.projectedArrivalMillis()).isEqualTo(oracle[1]).isLessThanOrEqualTo(deadline);
          assertThat(a.bookedBytes()).isEqualTo(r.estimatedVolumeConsumption());
        }
      } else if (d instanceof ForwardingDecision.Fragment f) {
        long size = f.fragmentBytes();
        List<Contact> hops = f.assignment().route().hops();
        long[] oracle = routeVolumeLimit(plan, hops, size, now, state);
        assertThat(r.mayFragment()).isTrue();
        assertThat(size).isGreaterThanOrEqualTo(b.minFragmentBytes()).isLessThan(b.sizeBytes());
        assertThat(oracle[0])
            .as("the first fragment fits the route volume limit projected for it")
            .isGreaterThanOrEqualTo(ForwardingRequest.estimatedVolumeConsumption(size));
        assertThat(f.assignment().projectedArrivalMillis())
            .isEqualTo(oracle[1])
            .isLessThanOrEqualTo(deadline);
        if (size + 1 < b.sizeBytes()) {
          long[] larger = routeVolumeLimit(plan, hops, size + 1, now, state);
          assertThat(
                  larger[0] < ForwardingRequest.estimatedVolumeConsumption(size + 1)
                      || larger[1] > deadline)
              .as("one byte more would not fit: the first fragment is the largest")
              .isTrue();
        }
      }
      previous = key;
    }
    Statistics.label("decision")
        .coverage(
            checker -> {
              checker.check("Forward").count(c -> c > 0);
              checker.check("Fragment").count(c -> c > 0);
              checker.check(TIME_LEFT).count(c -> c > 0);
            });
  }

  @Provide
  Arbitrary<List<Bundle>> bundles() {
    return Combinators.combine(
            Arbitraries.longs().between(2, 4),
            Arbitraries.longs().between(0, 30_000),
            Arbitraries.of(Priority.class),
            Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(1, 600)),
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(-1L)),
                Tuple.of(1, Arbitraries.longs().between(0, 60_000))),
            Arbitraries.longs().between(0, 4_000),
            Arbitraries.of(true, false))
        .as(Bundle::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12);
  }

  /**
   * Denser plans than {@link #plans()} (four nodes, contacts up to 30 s, a range for every pair)
   * with rates from 50 to 4000 bytes per second, so that bundles of up to 30,000 bytes find routes,
   * fragments and limits.
   */
  @Provide
  Arbitrary<ContactPlan> ratedPlans() {
    Arbitrary<Contact> contacts = contacts(4, 30_000, Arbitraries.longs().between(50, 4_000));
    Arbitrary<List<Long>> owlts = Arbitraries.longs().between(0, 3_000).list().ofSize(6);
    return Combinators.combine(contacts.list().ofMinSize(20).ofMaxSize(40), owlts)
        .as(
            (cs, lights) -> {
              List<Range> ranges = new ArrayList<>(); // one per pair, both ways
              int k = 0;
              for (long a = 1; a <= 4; a++) {
                for (long b = a + 1; b <= 4; b++) {
                  ranges.add(
                      new Range(a, b, 0, 100_000, java.time.Duration.ofMillis(lights.get(k++))));
                }
              }
              return consistent(cs, ranges);
            });
  }

  @Provide
  Arbitrary<ContactPlan> plans() {
    Arbitrary<Contact> contacts = contacts(6, 15_000, Arbitraries.just(1000L));
    Arbitrary<Range> ranges =
        Combinators.combine(
                Arbitraries.longs().between(1, 6),
                Arbitraries.longs().between(1, 6),
                Arbitraries.longs().between(0, 3_000))
            .as((f, t, owlt) -> new Range(f, t, 0, 100_000, java.time.Duration.ofMillis(owlt)));
    return Combinators.combine(contacts.list().ofMaxSize(45), ranges.list().ofMaxSize(30))
        .as(ContactGraphProperties::consistent);
  }

  /** Contacts among nodes 1..{@code nodes}, starting in the first 50 s. */
  private static Arbitrary<Contact> contacts(
      long nodes, long maxLengthMillis, Arbitrary<Long> rates) {
    return Combinators.combine(
            Arbitraries.longs().between(1, nodes),
            Arbitraries.longs().between(1, nodes),
            Arbitraries.longs().between(0, 50_000),
            Arbitraries.longs().between(1, maxLengthMillis),
            rates)
        .as((f, t, s, len, rate) -> Contact.of(f, t, s, s + len, rate));
  }

  private static ContactPlan consistent(List<Contact> contacts, List<Range> ranges) {
    List<Contact> keep = new ArrayList<>();
    for (Contact c : contacts) {
      if (keep.stream()
          .noneMatch(
              k ->
                  k.from() == c.from()
                      && k.to() == c.to()
                      && c.startMillis() < k.endMillis()
                      && k.startMillis() < c.endMillis())) {
        keep.add(c);
      }
    }
    Map<List<Long>, Range> byPair = new HashMap<>();
    for (Range r : ranges) {
      byPair.putIfAbsent(List.of(r.from(), r.to()), r);
    }
    return ContactPlan.of(keep, byPair.values());
  }
}
