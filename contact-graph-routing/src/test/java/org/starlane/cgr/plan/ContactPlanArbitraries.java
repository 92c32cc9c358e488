package org.starlane.cgr.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/** Random contact plans with whole-second times, as ION and HDTN files carry them. */
final class ContactPlanArbitraries {
  private ContactPlanArbitraries() {}

  static final long BASE_MILLIS = 1_764_547_200_000L; // 2025-12-01T00:00:00Z

  static Arbitrary<Contact> contacts() {
    return Combinators.combine(
            Arbitraries.longs().between(1, 6),
            Arbitraries.longs().between(1, 6),
            Arbitraries.longs().between(0, 5000),
            Arbitraries.longs().between(1, 600),
            Arbitraries.longs().between(1, 10_000_000_000L),
            Arbitraries.of(1.0, 1.0, 0.5, 0.125, 0.9))
        .as(
            (from, to, start, length, rate, confidence) ->
                new Contact(
                    from,
                    to,
                    BASE_MILLIS + start * 1000,
                    BASE_MILLIS + (start + length) * 1000,
                    rate,
                    confidence));
  }

  static Arbitrary<Range> ranges() {
    return Combinators.combine(
            Arbitraries.longs().between(1, 6),
            Arbitraries.longs().between(1, 6),
            Arbitraries.longs().between(0, 5000),
            Arbitraries.longs().between(1, 6000),
            Arbitraries.longs().between(0, 1300))
        .as(
            (from, to, start, length, owlt) ->
                Range.ofSeconds(
                    from,
                    to,
                    BASE_MILLIS + start * 1000,
                    BASE_MILLIS + (start + length) * 1000,
                    owlt));
  }

  /** Plans: random contacts and ranges, later ones dropped where they would overlap. */
  static Arbitrary<ContactPlan> plans() {
    return Combinators.combine(contacts().list().ofMaxSize(40), ranges().list().ofMaxSize(20))
        .as(ContactPlanArbitraries::consistent);
  }

  static ContactPlan consistent(List<Contact> contacts, List<Range> ranges) {
    Map<List<Long>, List<long[]>> used = new HashMap<>();
    List<Contact> c = new ArrayList<>();
    for (Contact x : contacts) {
      if (free(used, List.of(0L, x.from(), x.to()), x.startMillis(), x.endMillis())) {
        c.add(x);
      }
    }
    List<Range> r = new ArrayList<>();
    for (Range x : ranges) {
      if (free(used, List.of(1L, x.from(), x.to()), x.startMillis(), x.endMillis())) {
        r.add(x);
      }
    }
    return ContactPlan.of(c, r);
  }

  private static boolean free(Map<List<Long>, List<long[]>> used, List<Long> key, long s, long e) {
    List<long[]> taken = used.computeIfAbsent(key, k -> new ArrayList<>());
    for (long[] t : taken) {
      if (s < t[1] && t[0] < e) {
        return false;
      }
    }
    taken.add(new long[] {s, e});
    return true;
  }
}
