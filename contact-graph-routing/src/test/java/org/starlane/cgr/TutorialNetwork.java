package org.starlane.cgr;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.starlane.bp.admin.BundleStatusReport;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.agent.TransmitResult;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bp.store.InMemoryBundleStore;
import org.starlane.cgr.plan.IonContactPlanReader;

/**
 * Five Bundle Protocol Agents, the CGR tutorial's nodes A–E (ipn 1–5), in virtual time, each
 * routing with a {@link ContactGraphRouter} over links that follow the contact plan ({@link
 * PlannedLinkLayer}). The plan is {@code cgr-tutorial-fast.ionrc} (t = 0 at the scheduler's start),
 * as a test edits it. Status reports are enabled; every node's administrative records are kept.
 * Application {@code ipn:5.1} on E records what it gets and when. Confined to the test's thread.
 */
final class TutorialNetwork {
  final VirtualTimeScheduler time = new VirtualTimeScheduler();
  final long t0 = time.nowMillis();
  final ContactPlan plan;
  final Map<Long, PlannedLinkLayer> layers = new HashMap<>();
  final Map<Long, BundleProtocolAgent> agents = new HashMap<>();
  final Map<Long, ContactGraphRouter> routers = new HashMap<>();
  final Map<Long, InMemoryBundleStore> stores = new HashMap<>();
  final Map<Long, List<BundleStatusReport>> reports = new HashMap<>();
  final List<Bundle> delivered = new ArrayList<>();

  /** When each bundle of {@link #delivered} was delivered, in milliseconds after t = 0. */
  final List<Long> deliveredAt = new ArrayList<>();

  /** The tutorial network on the fast plan, with default routers. */
  TutorialNetwork() {
    this(p -> p, b -> b);
  }

  /**
   * @param planEdit changes the fast tutorial plan for the test
   * @param routerOptions sets options on every node's router builder
   */
  TutorialNetwork(
      UnaryOperator<ContactPlan> planEdit,
      UnaryOperator<ContactGraphRouter.Builder> routerOptions) {
    try (Reader in =
        new InputStreamReader(
            getClass().getResourceAsStream("cgr-tutorial-fast.ionrc"), StandardCharsets.US_ASCII)) {
      plan = planEdit.apply(IonContactPlanReader.withReferenceTime(time.now()).read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (long n = 1; n <= 5; n++) {
      ContactGraphRouter router =
          routerOptions.apply(ContactGraphRouter.builder(n, plan, time)).build();
      List<BundleStatusReport> got = new ArrayList<>();
      InMemoryBundleStore store = new InMemoryBundleStore();
      BundleProtocolAgent agent =
          BundleProtocolAgent.builder(n, time)
              .router(router)
              .store(store)
              .statusReportsEnabled(true)
              .administrativeRecordListener(
                  (bundle, record) -> {
                    if (record instanceof BundleStatusReport r) {
                      got.add(r);
                    }
                  })
              .build();
      routers.put(n, router);
      agents.put(n, agent);
      stores.put(n, store);
      reports.put(n, got);
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

  /** The plan with every contact into node {@code to} at {@code rateBytesPerSecond}. */
  static ContactPlan withRateInto(ContactPlan plan, long to, long rateBytesPerSecond) {
    ContactPlan result = plan;
    for (Contact c : plan.contacts()) {
      if (c.to() == to) {
        result =
            result
                .withoutContact(c)
                .withContact(
                    Contact.of(
                        c.from(), c.to(), c.startMillis(), c.endMillis(), rateBytesPerSecond));
      }
    }
    return result;
  }

  /** The plan without the contacts from or to {@code node}. */
  static ContactPlan withoutNode(ContactPlan plan, long node) {
    ContactPlan result = plan;
    for (Contact c : plan.contacts()) {
      if (c.from() == node || c.to() == node) {
        result = result.withoutContact(c);
      }
    }
    return result;
  }

  /**
   * At {@code offsetMillis} after t = 0, application {@code ipn:node.service} sends {@code payload}
   * to {@code ipn:5.1}; returns the bundle's ID once it is stored.
   */
  BundleId sendAt(
      long node, long service, long offsetMillis, byte[] payload, TransmitOptions options) {
    time.runUntil(t0 + offsetMillis);
    var result =
        agents
            .get(node)
            .transmit(EndpointId.ipn(node, service), EndpointId.ipn(5, 1), payload, options);
    time.runUntil(time.nowMillis());
    return ((TransmitResult.Accepted) result.join()).id();
  }

  /** Every hop taken, "from->to", in no particular order. */
  List<String> hops() {
    List<String> all = new ArrayList<>();
    layers.values().forEach(l -> l.sent.forEach(s -> all.add(s.substring(0, s.indexOf('@')))));
    return all;
  }

  /** What {@code node} sent of the ADU whose (whole) bundle ID is {@code id}, in order. */
  List<PlannedLinkLayer.Sent> sentOf(long node, BundleId id) {
    return layers.get(node).sentBundles.stream()
        .filter(
            s ->
                s.bundle().primary().source().equals(id.source())
                    && s.bundle().primary().creationTimestamp().equals(id.creationTimestamp()))
        .toList();
  }
}
