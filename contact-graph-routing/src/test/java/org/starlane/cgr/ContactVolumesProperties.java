package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Volume bookkeeping invariants under random bookings, releases and sends. */
class ContactVolumesProperties {

  record Op(int kind, int bundle, Priority priority, long size) {}

  @Property
  void theLargestSizeWithinAVolumeIsTheLargestWhoseEstimatedConsumptionFits(
      @ForAll @LongRange(min = 100, max = 1L << 56) long volumeBytes) {
    long size = ForwardingRequest.largestSizeWithin(volumeBytes);

    assertThat(ForwardingRequest.estimatedVolumeConsumption(size)).isLessThanOrEqualTo(volumeBytes);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(size + 1)).isGreaterThan(volumeBytes);
  }

  @Property(tries = 300)
  void residualVolumesAlwaysMatchTheLiveBookings(@ForAll("ops") List<Op> ops) {
    Contact contact = Contact.of(1, 2, 0, 10_000, 200); // 2000 bytes
    RouteSelection s =
        new RouteSelection(
            1,
            ContactPlan.of(List.of(contact), List.of(new Range(1, 2, 0, 10_000, Duration.ZERO))),
            8);
    Map<String, long[]> live = new HashMap<>(); // key -> {priority, ecc}
    long[] consumedSentByPriority = new long[3];
    for (Op op : ops) {
      String key = "b" + op.bundle();
      switch (op.kind()) {
        case 0 -> {
          ForwardingRequest r = ForwardingRequest.of(key, 2, op.size()).withPriority(op.priority());
          live.remove(key); // select() re-books a key that is booked already
          ForwardingDecision d = s.select(r, 0);
          if (d instanceof ForwardingDecision.Forward f) {
            for (Object bumped : f.bumped()) {
              long[] victim = live.remove(bumped);
              assertThat(victim).as("only live bookings are bumped").isNotNull();
              assertThat(victim[0])
                  .as("only lower priorities are bumped")
                  .isLessThan(op.priority().ordinal());
            }
            live.put(key, new long[] {op.priority().ordinal(), r.estimatedVolumeConsumption()});
          }
        }
        case 1 -> {
          s.release(key);
          live.remove(key);
        }
        default -> {
          long[] b = live.remove(key);
          if (b != null) {
            s.sent(key, 0);
            consumedSentByPriority[(int) b[0]] += b[1];
          }
        }
      }
      for (Priority p : Priority.values()) {
        long booked = 0;
        for (long[] b : live.values()) {
          if (b[0] >= p.ordinal()) {
            booked += b[1];
          }
        }
        for (int q = p.ordinal(); q < 3; q++) {
          booked += consumedSentByPriority[q];
        }
        assertThat(s.volumes().residualBytes(contact, p)).isEqualTo(2000 - booked);
      }
      assertThat(s.volumes().residualBytes(contact, Priority.BULK))
          .isLessThanOrEqualTo(s.volumes().residualBytes(contact, Priority.NORMAL));
      assertThat(s.volumes().residualBytes(contact, Priority.NORMAL))
          .isLessThanOrEqualTo(s.volumes().residualBytes(contact, Priority.EXPEDITED));
      live.keySet().forEach(k -> assertThat(s.isBooked(k)).isTrue());
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 7),
            Arbitraries.of(Priority.class),
            Arbitraries.longs().between(0, 700))
        .as(Op::new)
        .list()
        .ofMaxSize(40);
  }
}
