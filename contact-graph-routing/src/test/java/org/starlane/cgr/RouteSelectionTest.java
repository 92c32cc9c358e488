package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.starlane.cgr.ForwardingDecision.Forward;
import org.starlane.cgr.ForwardingDecision.Fragment;
import org.starlane.cgr.ForwardingDecision.NoRoute;

/**
 * The SABR forwarding rules: each tie-break key on its own, and the volume bookkeeping across
 * priorities (the places where other CGR implementations were found wrong).
 */
class RouteSelectionTest {

  private static final long LOCAL = 1;
  private static final long DEST = 9;

  /** Plan builder: contacts with a range of the given light time each. */
  private static final class Plan {
    final List<Contact> contacts = new ArrayList<>();
    final List<Range> ranges = new ArrayList<>();

    Plan contact(long from, long to, long startMs, long endMs, long rate, long owltMs) {
      contacts.add(Contact.of(from, to, startMs, endMs, rate));
      ranges.add(new Range(from, to, startMs, endMs, Duration.ofMillis(owltMs)));
      return this;
    }

    RouteSelection selection() {
      return new RouteSelection(
          LOCAL, ContactPlan.of(contacts, ranges), RouteSelection.DEFAULT_MAX_ROUTES);
    }
  }

  private static Forward forward(ForwardingDecision d) {
    assertThat(d).isInstanceOf(Forward.class);
    return (Forward) d;
  }

  @Test
  void earliestArrivalWinsOverFewerHops() {
    RouteSelection s =
        new Plan()
            .contact(1, 9, 0, 60_000, 1000, 10_000) // direct, arrives at 10 s
            .contact(1, 2, 0, 60_000, 1000, 1_000)
            .contact(2, 9, 0, 60_000, 1000, 1_000) // via 2, arrives at 2 s
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("b", DEST, 0), 0));

    assertThat(f.best().neighbour()).isEqualTo(2);
    assertThat(f.best().projectedArrivalMillis()).isEqualTo(2_000);
  }

  @Test
  void fewestHopsBreaksAnArrivalTie() {
    RouteSelection s =
        new Plan()
            .contact(1, 2, 0, 60_000, 1000, 0)
            .contact(2, 9, 19_000, 60_000, 1000, 1_000) // via 2: arrives at 20 s, 2 hops
            .contact(1, 9, 19_000, 60_000, 1000, 1_000) // direct: arrives at 20 s, 1 hop
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("b", DEST, 0), 0));

    assertThat(f.best().route().hopCount()).isEqualTo(1);
    assertThat(f.best().neighbour()).isEqualTo(9);
  }

  @Test
  void latestTerminationBreaksAnArrivalAndHopTie() {
    RouteSelection s =
        new Plan()
            .contact(1, 2, 0, 25_000, 1000, 0)
            .contact(2, 9, 19_000, 25_000, 1000, 1_000) // via 2: arrives at 20 s, ends at 25 s
            .contact(1, 3, 0, 40_000, 1000, 0)
            .contact(3, 9, 19_000, 40_000, 1000, 1_000) // via 3: arrives at 20 s, ends at 40 s
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("b", DEST, 0), 0));

    assertThat(f.best().neighbour())
        .as("smaller entry node loses to later termination")
        .isEqualTo(3);
    assertThat(f.best().route().terminationMillis()).isEqualTo(40_000);
  }

  @Test
  void smallestEntryNodeBreaksTheRemainingTie() {
    RouteSelection s =
        new Plan()
            .contact(1, 7, 0, 40_000, 1000, 0)
            .contact(7, 9, 19_000, 40_000, 1000, 1_000)
            .contact(1, 3, 0, 40_000, 1000, 0)
            .contact(3, 9, 19_000, 40_000, 1000, 1_000)
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("b", DEST, 0), 0));

    assertThat(f.best().neighbour()).isEqualTo(3);
  }

  @Test
  void estimatedVolumeConsumptionIsSizePlusThreePercentAtLeastOneHundred() {
    assertThat(ForwardingRequest.estimatedVolumeConsumption(0)).isEqualTo(100);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(97)).isEqualTo(100);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(98)).isEqualTo(101);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(291)).isEqualTo(300);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(1000)).isEqualTo(1030);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(1001)).isEqualTo(1032);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(Long.MAX_VALUE))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void bookingConsumesTheVolumeOfItsOwnAndEveryLowerPriority() {
    RouteSelection s = new Plan().contact(1, 9, 0, 10_000, 100, 0).selection(); // 1000 bytes
    Contact c = s.graph().plan().contacts().get(0);
    ContactVolumes v = s.volumes();

    forward(s.select(ForwardingRequest.of("bulk", DEST, 291).withPriority(Priority.BULK), 0));
    assertThat(residuals(v, c)).containsExactly(700L, 1000L, 1000L);

    forward(s.select(ForwardingRequest.of("normal", DEST, 291), 0));
    assertThat(residuals(v, c)).containsExactly(400L, 700L, 1000L);

    forward(s.select(ForwardingRequest.of("exp", DEST, 291).withPriority(Priority.EXPEDITED), 0));
    assertThat(residuals(v, c)).containsExactly(100L, 400L, 700L);
  }

  @Test
  void depletedRouteIsSkippedForTheLowPriorityButNotForTheHigh() {
    RouteSelection s = new Plan().contact(1, 9, 0, 10_000, 100, 0).selection();
    Contact c = s.graph().plan().contacts().get(0);
    for (int i = 0; i < 3; i++) {
      forward(s.select(ForwardingRequest.of("bulk" + i, DEST, 291).withPriority(Priority.BULK), 0));
    }
    assertThat(residuals(s.volumes(), c)).containsExactly(100L, 1000L, 1000L);

    ForwardingDecision bulk =
        s.select(ForwardingRequest.of("bulk3", DEST, 291).withPriority(Priority.BULK), 0);
    assertThat(bulk).isInstanceOf(NoRoute.class);
    assertThat(((NoRoute) bulk).reason()).contains("depleted");

    Forward expedited =
        forward(
            s.select(ForwardingRequest.of("exp", DEST, 291).withPriority(Priority.EXPEDITED), 0));
    assertThat(expedited.bumped())
        .as("overbooking bumps the most recent bulk booking")
        .containsExactly("bulk2");
    assertThat(residuals(s.volumes(), c)).containsExactly(100L, 700L, 700L);
    assertThat(s.isBooked("bulk2")).isFalse();
    assertThat(s.isBooked("bulk0")).isTrue();
  }

  @Test
  void overbookingBumpsBulkBeforeNormalAndNeverEqualOrHigherPriority() {
    RouteSelection s = new Plan().contact(1, 9, 0, 10_000, 100, 0).selection(); // 1000 bytes
    forward(s.select(ForwardingRequest.of("normal", DEST, 291), 0));
    forward(s.select(ForwardingRequest.of("bulk", DEST, 291).withPriority(Priority.BULK), 0));
    forward(s.select(ForwardingRequest.of("normal2", DEST, 291), 0));
    // all 900 bytes booked; an expedited bundle of 300 overbooks by 200: the bulk one goes first
    Forward exp =
        forward(
            s.select(ForwardingRequest.of("exp", DEST, 291).withPriority(Priority.EXPEDITED), 0));
    assertThat(exp.bumped()).containsExactly("bulk");

    Forward exp2 =
        forward(
            s.select(ForwardingRequest.of("exp2", DEST, 291).withPriority(Priority.EXPEDITED), 0));
    assertThat(exp2.bumped()).containsExactly("normal2");
    assertThat(s.isBooked("normal")).isTrue();
  }

  @Test
  void sentBookingLeavesTheQueueKeepsItsVolumeAndOccupiesTheContactUntilItsBytesHaveGone() {
    RouteSelection s = new Plan().contact(1, 9, 0, 100_000, 100, 0).selection();
    Contact c = s.graph().plan().contacts().get(0);
    Forward first = forward(s.select(ForwardingRequest.of("a", DEST, 1000), 0));
    assertThat(first.best().firstTransmissionMillis()).isEqualTo(0);
    assertThat(first.best().projectedArrivalMillis()).isEqualTo(10_000);

    Forward second = forward(s.select(ForwardingRequest.of("b", DEST, 1000), 0));
    assertThat(second.best().firstTransmissionMillis())
        .as("queued behind the 1030 bytes (1000 + 3 %) booked for the same neighbour")
        .isEqualTo(10_300);
    assertThat(second.best().projectedArrivalMillis()).isEqualTo(20_300);

    Forward expedited =
        forward(
            s.select(ForwardingRequest.of("e", DEST, 1000).withPriority(Priority.EXPEDITED), 0));
    assertThat(expedited.best().firstTransmissionMillis())
        .as("lower-priority backlog does not delay an expedited bundle")
        .isEqualTo(0);

    s.sent("a", 0);
    s.sent("b", 0);
    s.sent("e", 0);
    Forward next = forward(s.select(ForwardingRequest.of("c", DEST, 1000), 0));
    assertThat(next.best().firstTransmissionMillis())
        .as("after the 3 × 1030 bytes handed to the link, at 100 B/s")
        .isEqualTo(30_900);
    assertThat(s.select(ForwardingRequest.of("c", DEST, 1000).withPriority(Priority.EXPEDITED), 0))
        .as("bytes on the link are not overtaken, whatever the priority")
        .satisfies(d -> assertThat(forward(d).best().firstTransmissionMillis()).isEqualTo(30_900));
    Forward later = forward(s.select(ForwardingRequest.of("c", DEST, 1000), 40_000));
    assertThat(later.best().firstTransmissionMillis()).isEqualTo(40_000);
    assertThat(s.volumes().residualBytes(c, Priority.BULK)).isEqualTo(10_000 - 4 * 1030);
  }

  @Test
  void releasingABookingGivesItsVolumeBack() {
    RouteSelection s = new Plan().contact(1, 9, 0, 10_000, 100, 0).selection();
    Contact c = s.graph().plan().contacts().get(0);
    forward(s.select(ForwardingRequest.of("a", DEST, 291), 0));

    s.release("a");

    assertThat(residuals(s.volumes(), c)).containsExactly(1000L, 1000L, 1000L);
  }

  @Test
  void volumeIsBookedOnEveryHop() {
    RouteSelection s =
        new Plan().contact(1, 2, 0, 10_000, 100, 0).contact(2, 9, 0, 10_000, 50, 0).selection();
    forward(s.select(ForwardingRequest.of("a", DEST, 97), 0));

    for (Contact c : s.graph().plan().contacts()) {
      assertThat(s.volumes().residualBytes(c, Priority.NORMAL)).isEqualTo(c.volumeBytes() - 100);
    }
  }

  @Test
  void projectedArrivalCountsTransmissionTimeOnEachHop() {
    RouteSelection s =
        new Plan().contact(1, 2, 0, 60_000, 100, 500).contact(2, 9, 0, 60_000, 50, 250).selection();

    Forward f = forward(s.select(ForwardingRequest.of("a", DEST, 100), 0));

    // 1 s on the first hop + 0.5 s light time + 2 s on the second hop + 0.25 s
    assertThat(f.best().projectedArrivalMillis()).isEqualTo(3_750);
  }

  @Test
  void bundleThatDoesNotFitInTheContactTakesTheNextRoute() {
    RouteSelection s =
        new Plan()
            .contact(1, 9, 0, 5_000, 100, 0) // 10 s of transmission do not fit
            .contact(1, 2, 0, 60_000, 1000, 0)
            .contact(2, 9, 0, 60_000, 1000, 0)
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("a", DEST, 1000), 0));

    assertThat(f.best().neighbour()).isEqualTo(2);
  }

  @Test
  void routeArrivingAfterTheDeadlineIsRefused() {
    RouteSelection s = new Plan().contact(1, 9, 10_000, 60_000, 1000, 1_000).selection();

    assertThat(s.select(ForwardingRequest.of("a", DEST, 0).withDeadline(11_000), 0))
        .isInstanceOf(Forward.class);
    s.release("a");
    ForwardingDecision late = s.select(ForwardingRequest.of("a", DEST, 0).withDeadline(10_999), 0);
    assertThat(late).isInstanceOf(NoRoute.class);
    assertThat(((NoRoute) late).reason()).contains("deadline");
  }

  @Test
  void excludedNeighbourIsAvoided() {
    RouteSelection s =
        new Plan()
            .contact(1, 2, 0, 60_000, 1000, 0)
            .contact(2, 9, 0, 60_000, 1000, 0)
            .contact(1, 3, 0, 60_000, 1000, 5_000)
            .contact(3, 9, 0, 60_000, 1000, 0)
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("a", DEST, 0).withExcluded(Set.of(2L)), 0));

    assertThat(f.best().neighbour()).isEqualTo(3);
    assertThat(s.select(ForwardingRequest.of("b", DEST, 0).withExcluded(Set.of(2L, 3L)), 0))
        .isInstanceOf(NoRoute.class);
  }

  @Test
  void expiredRoutesAreNotUsed() {
    RouteSelection s =
        new Plan()
            .contact(1, 9, 0, 10_000, 1000, 0)
            .contact(1, 9, 20_000, 30_000, 1000, 0)
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("a", DEST, 0), 10_000));

    assertThat(f.best().route().firstHop().startMillis()).isEqualTo(20_000);
    assertThat(s.select(ForwardingRequest.of("b", DEST, 0), 30_000)).isInstanceOf(NoRoute.class);
  }

  @Test
  void criticalBundleGoesToEveryNeighbourWithARoute() {
    RouteSelection s =
        new Plan()
            .contact(1, 2, 0, 60_000, 1000, 0)
            .contact(2, 9, 0, 60_000, 1000, 0)
            .contact(1, 3, 0, 60_000, 1000, 5_000)
            .contact(3, 9, 0, 60_000, 1000, 0)
            .contact(1, 4, 0, 60_000, 1000, 0) // 4 has no onward contact
            .selection();

    Forward f = forward(s.select(ForwardingRequest.of("a", DEST, 0).asCritical(), 0));

    assertThat(f.assignments())
        .extracting(ForwardingDecision.Assignment::neighbour)
        .containsExactly(2L, 3L);
  }

  @Test
  void anticipatoryFragmentationUsesTheVolumeThatIsLeft() {
    RouteSelection s = new Plan().contact(1, 9, 0, 10_000, 100, 0).selection(); // 1000 bytes

    ForwardingDecision d = s.select(ForwardingRequest.of("a", DEST, 5000).withFragmentation(), 0);

    assertThat(s.select(ForwardingRequest.of("b", DEST, 5000), 0)).isInstanceOf(NoRoute.class);
    assertThat(d).isInstanceOf(Fragment.class);
    Fragment f = (Fragment) d;
    assertThat(f.fragmentBytes()).isEqualTo(970);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(f.fragmentBytes()))
        .isLessThanOrEqualTo(1000);
  }

  @Test
  void anticipatoryFragmentationSkipsARouteWithLessRoomThanTheSmallestFragment() {
    Plan plan =
        new Plan()
            .contact(1, 9, 0, 10_000, 20, 0) // direct: 200 bytes, delivers first
            .contact(1, 2, 0, 60_000, 1000, 0)
            .contact(2, 9, 20_000, 30_000, 100, 0); // via 2: 1000 bytes, later

    ForwardingDecision small =
        plan.selection().select(ForwardingRequest.of("a", DEST, 5000).withFragmentation(100), 0);
    ForwardingDecision large =
        plan.selection().select(ForwardingRequest.of("a", DEST, 5000).withFragmentation(300), 0);

    assertThat(small).isInstanceOf(Fragment.class);
    assertThat(((Fragment) small).assignment().neighbour()).isEqualTo(9);
    assertThat(((Fragment) small).fragmentBytes()).isEqualTo(194);
    assertThat(large).isInstanceOf(Fragment.class);
    assertThat(((Fragment) large).assignment().neighbour()).isEqualTo(2);
    assertThat(((Fragment) large).fragmentBytes()).isEqualTo(970);
  }

  /** A direct contact 0..100 s at 1000 B/s, and a later route via node 2 with room to spare. */
  private static Plan directContactAndALaterRoute() {
    return new Plan()
        .contact(1, 9, 0, 100_000, 1000, 0) // 100,000 bytes, best case: delivers at once
        .contact(1, 2, 0, 300_000, 10_000, 0)
        .contact(2, 9, 150_000, 300_000, 10_000, 0); // via 2: delivers at 150 s at the earliest
  }

  @Test
  void contactAlmostOverIsNotChosenForABundleItsRemainingTimeCannotCarry() {
    RouteSelection s = directContactAndALaterRoute().selection();
    Contact direct = contact(s, 1, 9);
    long now = 90_000; // 90 % of the direct contact is over: 10 s = 10,000 bytes are left

    Forward f = forward(s.select(ForwardingRequest.of("a", DEST, 20_000), now));

    assertThat(s.volumes().residualBytes(direct, Priority.NORMAL))
        .as("the residual volume (rate × duration) would hold the bundle's 20,600 bytes")
        .isEqualTo(100_000);
    assertThat(f.best().neighbour()).as("the route with time for the bundle").isEqualTo(2);
    assertThat(f.best().projectedArrivalMillis()).isEqualTo(150_000 + 2_000);
  }

  @Test
  void effectiveVolumeOfAContactAlmostOverIsRateTimesTheTimeLeftAgainstTheConsumptionEstimate() {
    long now = 90_000;
    long timeLeftVolume = 1000 * 10; // rate × (end − now)
    long fits = ForwardingRequest.largestSizeWithin(timeLeftVolume); // 9708: consumes 10,000

    RouteSelection s = directContactAndALaterRoute().selection();
    Forward largest = forward(s.select(ForwardingRequest.of("a", DEST, fits), now));
    RouteSelection t = directContactAndALaterRoute().selection();
    Forward oneMore = forward(t.select(ForwardingRequest.of("a", DEST, fits + 1), now));

    assertThat(fits).isEqualTo(9708);
    assertThat(largest.best().neighbour()).isEqualTo(9);
    assertThat(largest.best().projectedArrivalMillis()).isEqualTo(now + 9_708);
    assertThat(oneMore.best().neighbour())
        .as("9709 bytes would be sent in time, but their consumption estimate (10,001) is not")
        .isEqualTo(2);
  }

  @Test
  void firstFragmentFillsTheTimeLeftInAContactAlmostOver() {
    RouteSelection s = new Plan().contact(1, 9, 0, 100_000, 1000, 0).selection();
    long now = 90_000;

    ForwardingDecision d =
        s.select(ForwardingRequest.of("a", DEST, 20_000).withFragmentation(), now);

    assertThat(d).isInstanceOf(Fragment.class);
    Fragment f = (Fragment) d;
    long timeLeftVolume = 1000 * (100_000 - now) / 1000;
    assertThat(f.fragmentBytes()).isEqualTo(9708);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(f.fragmentBytes()))
        .isLessThanOrEqualTo(timeLeftVolume);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(f.fragmentBytes() + 1))
        .isGreaterThan(timeLeftVolume);
    assertThat(f.assignment().bookedBytes()).isEqualTo(10_000);
    assertThat(f.assignment().firstTransmissionMillis()).isEqualTo(now);
    assertThat(f.assignment().projectedArrivalMillis()).isEqualTo(now + 9_708);
  }

  @Test
  void bundleHandedToTheLinkOccupiesTheContactUntilItsBytesHaveGone() {
    RouteSelection s = directContactAndALaterRoute().selection();
    long now = 90_000; // 10 s = 10,000 bytes left in the direct contact
    Forward a = forward(s.select(ForwardingRequest.of("a", DEST, 6000), now)); // consumes 6180
    s.sent("a", now); // on the link: at 1000 B/s, its bytes are gone at 96.18 s

    Forward b = forward(s.select(ForwardingRequest.of("b", DEST, 6000), now));
    Forward c = forward(s.select(ForwardingRequest.of("c", DEST, 3000), now)); // consumes 3090

    assertThat(a.best().neighbour()).isEqualTo(9);
    assertThat(b.best().neighbour()).as("3820 bytes of time are left after a").isEqualTo(2);
    assertThat(c.best().neighbour()).isEqualTo(9);
    assertThat(c.best().firstTransmissionMillis()).isEqualTo(96_180);
    s.sent("c", now);
    Forward later = forward(s.select(ForwardingRequest.of("d", DEST, 0), 99_000));
    assertThat(later.best().firstTransmissionMillis())
        .as("after a and c have gone")
        .isEqualTo(99_270);
  }

  @Test
  void firstFragmentLeavesTimeForItsLastByteToCrossTheNextHop() {
    RouteSelection s =
        new Plan()
            .contact(1, 2, 0, 100_000, 100, 0) // slow, long
            .contact(2, 9, 0, 20_000, 1000, 0) // fast, over at 20 s
            .selection();

    ForwardingDecision d = s.select(ForwardingRequest.of("a", DEST, 5000).withFragmentation(), 0);

    // hop 1 may send until 20 s (the route's effective stop): 2000 bytes; a fragment of f bytes
    // reaches node 2 at f × 10 ms, leaving 1000 B/s × (20 s − f × 10 ms) on hop 2
    assertThat(d).isInstanceOf(Fragment.class);
    long f = ((Fragment) d).fragmentBytes();
    assertThat(f).isEqualTo(1813);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(f))
        .isLessThanOrEqualTo(20_000 - 10 * f);
    assertThat(ForwardingRequest.estimatedVolumeConsumption(f + 1))
        .isGreaterThan(20_000 - 10 * (f + 1));
    assertThat(((Fragment) d).assignment().projectedArrivalMillis()).isEqualTo(18_130 + 1_813);
  }

  @Test
  void backlogQueuedForTheNeighbourReducesTheEffectiveVolumeOfTheFirstContact() {
    RouteSelection s =
        new Plan()
            .contact(1, 9, 0, 100_000, 100, 0) // 10,000 bytes
            .contact(1, 2, 0, 300_000, 10_000, 0)
            .contact(2, 9, 150_000, 300_000, 10_000, 0)
            .selection();
    Contact direct = contact(s, 1, 9);
    long now = 50_000;
    forward(s.select(ForwardingRequest.of("queued", DEST, 2000), now)); // 2060 bytes queued

    // earliest transmission 50 s + 20.6 s of backlog: 29.4 s × 100 B/s = 2940 bytes can go
    Forward b = forward(s.select(ForwardingRequest.of("b", DEST, 2900), now)); // consumes 2987

    assertThat(s.volumes().residualBytes(direct, Priority.NORMAL))
        .as("residual volume 10,000 − 2060 would hold it")
        .isEqualTo(7940);
    assertThat(b.best().neighbour()).isEqualTo(2);

    s.sent("queued", now - 21_000); // sent a while ago: its bytes are gone
    Forward c = forward(s.select(ForwardingRequest.of("c", DEST, 2900), now));
    assertThat(c.best().neighbour()).isEqualTo(9);
    assertThat(c.best().firstTransmissionMillis()).isEqualTo(now);
  }

  @Test
  void suppressedContactReleasesItsBookingsAndIsAvoided() {
    RouteSelection s =
        new Plan()
            .contact(1, 2, 0, 60_000, 1000, 0)
            .contact(2, 9, 0, 60_000, 1000, 0)
            .contact(1, 3, 0, 60_000, 1000, 5_000)
            .contact(3, 9, 0, 60_000, 1000, 0)
            .selection();
    forward(s.select(ForwardingRequest.of("a", DEST, 0), 1_000));

    assertThat(s.suppressOpenContacts(2, 2_000)).containsExactly("a");
    assertThat(forward(s.select(ForwardingRequest.of("a", DEST, 0), 2_000)).best().neighbour())
        .isEqualTo(3);

    s.restoreOpenContacts(2, 3_000);
    assertThat(forward(s.select(ForwardingRequest.of("b", DEST, 0), 3_000)).best().neighbour())
        .isEqualTo(2);
  }

  private static Contact contact(RouteSelection s, long from, long to) {
    return s.graph().plan().contacts().stream()
        .filter(c -> c.from() == from && c.to() == to)
        .findFirst()
        .orElseThrow();
  }

  private static List<Long> residuals(ContactVolumes v, Contact c) {
    return List.of(
        v.residualBytes(c, Priority.BULK),
        v.residualBytes(c, Priority.NORMAL),
        v.residualBytes(c, Priority.EXPEDITED));
  }
}
