package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.spi.VirtualTimeScheduler;

/**
 * Five Bundle Protocol Agents (the CGR tutorial's nodes A–E) in virtual time, each routing with a
 * {@link ContactGraphRouter} over links that follow the contact plan ({@link PlannedLinkLayer}).
 */
class ContactGraphRouterTest {

  private static final byte[] PAYLOAD =
      "hello over the contact graph".getBytes(StandardCharsets.UTF_8);

  private final TutorialNetwork net = new TutorialNetwork();
  private final VirtualTimeScheduler time = net.time;
  private final long t0 = net.t0;
  private final ContactPlan plan = net.plan;
  private final Map<Long, PlannedLinkLayer> layers = net.layers;
  private final Map<Long, ContactGraphRouter> routers = net.routers;
  private final List<Long> deliveredAt = net.deliveredAt;
  private final List<Bundle> delivered = net.delivered;

  private void sendFromAAt(long offsetMillis, Duration lifetime) {
    net.sendAt(1, 1, offsetMillis, PAYLOAD, TransmitOptions.DEFAULT.withLifetime(lifetime));
  }

  private List<String> hops() {
    return net.hops();
  }

  @Test
  void bundleAtTimeZeroTakesTheBestRouteAndArrivesJustAfterThreeSeconds() {
    sendFromAAt(0, Duration.ofMinutes(5));
    time.runFor(Duration.ofMinutes(2));

    assertThat(delivered).hasSize(1);
    assertThat(hops()).containsExactlyInAnyOrder("1->3", "3->4", "4->5");
    assertThat(deliveredAt.get(0)).isBetween(3_000L, 3_010L);
  }

  @Test
  void bundleTooLateForTheFirstContactToEWaitsForTheDirectContact() {
    // via C and D it would reach D at 10 s, when D→E [0, 10) has ended
    sendFromAAt(8_000, Duration.ofMinutes(5));
    time.runFor(Duration.ofMinutes(2));

    assertThat(hops()).containsExactly("1->5");
    assertThat(layers.get(1L).sent.get(0)).endsWith("@" + (t0 + 10_000));
    assertThat(deliveredAt)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(11_000L, 11_010L));
  }

  @Test
  void bundleWaitsAtAnIntermediateNodeUntilItsContactOpens() {
    sendFromAAt(21_000, Duration.ofMinutes(5));
    time.runFor(Duration.ofMinutes(2));

    assertThat(hops()).containsExactlyInAnyOrder("1->3", "3->4", "4->5");
    assertThat(layers.get(4L).sent.get(0)).endsWith("@" + (t0 + 30_000));
    assertThat(deliveredAt)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(31_000L, 31_010L));
  }

  @Test
  void bundleThatNoRouteDeliversBeforeItExpiresIsDeletedAtOnce() {
    sendFromAAt(21_000, Duration.ofSeconds(5)); // the best delivery is at 31 s
    time.runFor(Duration.ofMinutes(2));

    assertThat(delivered).isEmpty();
    assertThat(hops()).isEmpty();
  }

  @Test
  void failedLinkMakesTheBundleWaitForTheNextContact() {
    time.runUntil(t0 + 500);
    layers.get(4L).fail(5); // D's link to E fails during the D→E contact [0, 10)
    sendFromAAt(600, Duration.ofMinutes(5)); // A's best route is still A→C→D→E [0, 10)
    time.runFor(Duration.ofMinutes(2));

    Contact failed =
        plan.contactsFrom(4).stream().filter(c -> c.to() == 5).findFirst().orElseThrow();
    assertThat(routers.get(4L).selection().isSuppressed(failed)).isTrue();
    assertThat(hops()).containsExactlyInAnyOrder("1->3", "3->4", "4->5");
    // D may not send it back to C, the node it came from: it waits for D→E [30, 40)
    assertThat(layers.get(4L).sent.get(0)).endsWith("@" + (t0 + 30_000));
    assertThat(deliveredAt)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(31_000L, 31_010L));
  }

  /** The plan without the contacts from A (1) to E (5). */
  private ContactPlan withoutAToE() {
    ContactPlan without = plan;
    for (Contact c : plan.contacts()) {
      if (c.from() == 1 && c.to() == 5) {
        without = without.withoutContact(c);
      }
    }
    return without;
  }

  @Test
  void replacingThePlanReroutesABookedBundleAtOnce() {
    sendFromAAt(8_000, Duration.ofMinutes(5)); // booked on A→E [10, 20): waits at A until 10 s
    time.runUntil(t0 + 9_000);
    assertThat(hops()).isEmpty();

    routers.get(1L).replacePlan(withoutAToE());
    time.runUntil(time.nowMillis());

    // routed again at 9 s, when the plan changed, not at 10 s when the agent would have asked
    assertThat(layers.get(1L).sent).containsExactly("1->3@" + (t0 + 9_000));
  }

  @Test
  void replacingThePlanReroutesWaitingBundles() {
    sendFromAAt(8_000, Duration.ofMinutes(5)); // waits at A for the A→E contact at 10 s
    time.runUntil(t0 + 9_000);
    ContactPlan without = withoutAToE();
    for (ContactGraphRouter r : routers.values()) {
      r.replacePlan(without);
    }
    time.runFor(Duration.ofMinutes(2));

    assertThat(routers.get(1L).planVersion()).isEqualTo(1);
    assertThat(hops()).doesNotContain("1->5").contains("1->3", "3->4", "4->5");
    assertThat(deliveredAt)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(31_000L, 31_020L));
  }
}
