package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;

/**
 * Overbooking (CCSDS 734.3-B-1 §3.2.6.8) with five real agents on the CGR tutorial's plan in
 * virtual time, where every contact into E carries 100 bytes/s (1000 bytes per contact). A's
 * application {@code ipn:1.2} sends expedited bundles, every other source bulk ones: an expedited
 * bundle takes a bulk one's place in a contact, and the bulk one is routed again at once. B is left
 * out, as in {@link ContactGraphRouterFragmentationTest}.
 */
class ContactGraphRouterOverbookingTest {

  private final TutorialNetwork net =
      new TutorialNetwork(
          p -> TutorialNetwork.withoutNode(TutorialNetwork.withRateInto(p, 5, 100), 2),
          b ->
              b.priority(
                  bundle ->
                      bundle.primary().source().equals(ipn(1, 2))
                          ? Priority.EXPEDITED
                          : Priority.BULK));

  private static final TransmitOptions WHOLE =
      TransmitOptions.DEFAULT
          .withLifetime(Duration.ofMinutes(5))
          .withFlag(BundleProcessingFlags.MUST_NOT_FRAGMENT);

  @Test
  void aBumpedBundleIsRoutedAgainAtOnceAndTakesTheNextRoute() {
    // At 8 s the bulk bundle books A→E [10, 20) (660 of its 1000 bytes) and waits for it.
    BundleId bulk = net.sendAt(1, 1, 8_000, new byte[600], WHOLE);
    // At 9 s an expedited bundle of the same size needs the contact too: the bulk one is bumped.
    BundleId expedited = net.sendAt(1, 2, 9_000, new byte[600], WHOLE);
    net.time.runUntil(net.time.nowMillis());

    // Routed again at 9 s, not at 10 s when it would have asked: towards D→E [30, 40), via C.
    assertThat(net.sentOf(1, bulk))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.neighbour()).isEqualTo(3);
              assertThat(s.atMillis()).isEqualTo(net.t0 + 9_000);
            });

    net.time.runFor(Duration.ofMinutes(2));

    assertThat(net.sentOf(1, expedited))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.neighbour()).isEqualTo(5);
              assertThat(s.atMillis()).isEqualTo(net.t0 + 10_000);
            });
    assertThat(net.sentOf(4, bulk))
        .singleElement()
        .satisfies(s -> assertThat(s.atMillis()).isEqualTo(net.t0 + 30_000));
    assertThat(net.delivered).extracting(b -> b.id()).containsExactly(expedited, bulk);
  }
}
