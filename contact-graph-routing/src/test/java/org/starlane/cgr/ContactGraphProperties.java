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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** CGR's routes against a node-based earliest-arrival oracle, and their time consistency. */
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

  @Provide
  Arbitrary<ContactPlan> plans() {
    Arbitrary<Contact> contacts =
        Combinators.combine(
                Arbitraries.longs().between(1, 6),
                Arbitraries.longs().between(1, 6),
                Arbitraries.longs().between(0, 50_000),
                Arbitraries.longs().between(1, 15_000))
            .as((f, t, s, len) -> Contact.of(f, t, s, s + len, 1000));
    Arbitrary<Range> ranges =
        Combinators.combine(
                Arbitraries.longs().between(1, 6),
                Arbitraries.longs().between(1, 6),
                Arbitraries.longs().between(0, 3_000))
            .as((f, t, owlt) -> new Range(f, t, 0, 100_000, java.time.Duration.ofMillis(owlt)));
    return Combinators.combine(contacts.list().ofMaxSize(45), ranges.list().ofMaxSize(30))
        .as(ContactGraphProperties::consistent);
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
