package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.cgr.plan.IonContactPlanReader;

/**
 * Five Bundle Protocol Agents (the CGR tutorial's nodes A–E) in virtual time, each routing with a
 * {@link ContactGraphRouter} over links that follow the contact plan ({@link PlannedLinkLayer}).
 */
class ContactGraphRouterTest {

  private static final byte[] PAYLOAD =
      "hello over the contact graph".getBytes(StandardCharsets.UTF_8);

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();
  private final long t0 = time.nowMillis();
  private final Map<Long, PlannedLinkLayer> layers = new HashMap<>();
  private final Map<Long, BundleProtocolAgent> agents = new HashMap<>();
  private final Map<Long, ContactGraphRouter> routers = new HashMap<>();
  private final List<Long> deliveredAt = new ArrayList<>();
  private final List<Bundle> delivered = new ArrayList<>();
  private ContactPlan plan;

  @BeforeEach
  void network() throws IOException {
    try (Reader in =
        new InputStreamReader(
            getClass().getResourceAsStream("cgr-tutorial-fast.ionrc"), StandardCharsets.US_ASCII)) {
      plan = IonContactPlanReader.withReferenceTime(time.now()).read(in);
    }
    for (long n = 1; n <= 5; n++) {
      ContactGraphRouter router = ContactGraphRouter.builder(n, plan, time).build();
      BundleProtocolAgent agent = BundleProtocolAgent.builder(n, time).router(router).build();
      routers.put(n, router);
      agents.put(n, agent);
      new PlannedLinkLayer(n, plan, time, layers);
    }
    for (long n = 1; n <= 5; n++) {
      agents.get(n).attach(layers.get(n));
    }
    agents
        .get(5L)
        .register(
            EndpointId.ipn(5, 1),
            b -> {
              delivered.add(b);
              deliveredAt.add(time.nowMillis() - t0);
            },
            true,
            DeliveryFailureAction.DEFER);
  }

  private void sendFromAAt(long offsetMillis, Duration lifetime) {
    sendAt(1, offsetMillis, lifetime);
  }

  private void sendAt(long node, long offsetMillis, Duration lifetime) {
    time.runUntil(t0 + offsetMillis);
    agents
        .get(node)
        .transmit(
            EndpointId.ipn(node, 1),
            EndpointId.ipn(5, 1),
            PAYLOAD,
            TransmitOptions.DEFAULT.withLifetime(lifetime));
  }

  private List<String> hops() {
    List<String> all = new ArrayList<>();
    layers.values().forEach(l -> l.sent.forEach(s -> all.add(s.substring(0, s.indexOf('@')))));
    return all;
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

  @Test
  void replacingThePlanReroutesWaitingBundles() {
    sendFromAAt(8_000, Duration.ofMinutes(5)); // waits at A for the A→E contact at 10 s
    time.runUntil(t0 + 9_000);
    ContactPlan without = plan;
    for (Contact c : plan.contacts()) {
      if (c.from() == 1 && c.to() == 5) {
        without = without.withoutContact(c);
      }
    }
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
