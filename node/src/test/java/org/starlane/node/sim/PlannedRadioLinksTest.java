package org.starlane.node.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.cgr.ContactGraphRouter;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.plan.IonContactPlanReader;
import org.starlane.cl.sim.ChannelEvent;
import org.starlane.cl.sim.ChannelEvent.BundleReceived;
import org.starlane.cl.sim.ChannelEvent.TransmissionStarted;
import org.starlane.cl.sim.RadioChannel;
import org.starlane.cl.sim.SimulatedLink;
import org.starlane.cl.sim.SimulatedNetwork;
import org.starlane.cl.sim.WindowCut;

/**
 * Agents with contact graph routers over simulated RF links built from the same contact plan: the
 * links are up only in the plan's contacts, one way, at the plan's rate and light time.
 */
class PlannedRadioLinksTest {
  private static final EndpointId N1 = EndpointId.ipn(1, 0);
  private static final EndpointId N2 = EndpointId.ipn(2, 0);
  private static final EndpointId N3 = EndpointId.ipn(3, 0);

  /** 1 -> 2 in the first 10 minutes, 2 -> 3 from 1000 s on; 10,000 bytes/s; 2 s and 5 s. */
  private static final String LINE =
      """
      a contact +0 +600 1 2 10000
      a contact +1000 +1600 2 3 10000
      a range +0 +2000 1 2 2
      a range +0 +2000 2 3 5
      """;

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();
  private final long t0 = time.nowMillis();
  private final List<ChannelEvent> trace = new ArrayList<>();
  private final SimulatedNetwork network = new SimulatedNetwork(time, 1, trace::add);

  private ContactPlan plan(String text) throws IOException {
    return IonContactPlanReader.withReferenceTime(time.now()).read(new StringReader(text));
  }

  @Test
  void aBundleCrossesEachHopInItsContactAfterTheSerializationTimeAndThePlannedLightTime()
      throws IOException {
    ContactPlan plan = plan(LINE);
    List<SimulatedLink> links =
        PlannedRadioLinks.connect(network, plan, RadioChannel.of(1, Duration.ZERO), WindowCut.LOST);
    List<Long> deliveredAt = new ArrayList<>();
    for (long n = 1; n <= 3; n++) {
      BundleProtocolAgent agent =
          BundleProtocolAgent.builder(n, time)
              .router(ContactGraphRouter.builder(n, plan, time).build())
              .build();
      agent.attach(network.node(EndpointId.ipn(n, 0)));
      if (n == 3) {
        agent.register(
            EndpointId.ipn(3, 1),
            b -> deliveredAt.add(time.nowMillis()),
            true,
            DeliveryFailureAction.DEFER);
      }
      if (n == 1) {
        time.runUntil(t0 + 10_000);
        agent.transmit(
            EndpointId.ipn(1, 1),
            EndpointId.ipn(3, 1),
            new byte[1000],
            TransmitOptions.DEFAULT.withLifetime(Duration.ofHours(1)));
      }
    }
    time.runFor(Duration.ofHours(1));

    assertThat(links).hasSize(2);
    assertThat(events(ChannelEvent.LinkUp.class))
        .as("no contact from 2 to 1 or from 3 to 2: those links never come up")
        .extracting(ChannelEvent.LinkUp::from)
        .containsExactly(N1, N2);
    List<TransmissionStarted> sent = events(TransmissionStarted.class);
    List<BundleReceived> received = events(BundleReceived.class);
    assertThat(sent).hasSize(2);
    assertThat(received).hasSize(2);
    // hop 1 at once (its contact is open), hop 2 when its contact opens at 1000 s
    assertThat(sent.get(0).atMillis()).isEqualTo(t0 + 10_000);
    assertThat(sent.get(1).atMillis()).isEqualTo(t0 + 1_000_000);
    // arrival = start + bytes / (10,000 bytes/s) + the plan's light time, to the millisecond
    assertThat(received.get(0).to()).isEqualTo(N2);
    assertThat(received.get(0).atMillis())
        .isCloseTo(sent.get(0).atMillis() + sent.get(0).bytes() / 10 + 2_000, within(1));
    assertThat(received.get(1).to()).isEqualTo(N3);
    assertThat(received.get(1).atMillis())
        .isCloseTo(sent.get(1).atMillis() + sent.get(1).bytes() / 10 + 5_000, within(1));
    assertThat(deliveredAt).containsExactly(received.get(1).atMillis());
  }

  @Test
  void aContactWithoutARangeGetsNoLink() throws IOException {
    ContactPlan plan = plan(LINE + "a contact +0 +600 3 1 10000\n");

    PlannedRadioLinks.connect(network, plan, RadioChannel.of(1, Duration.ZERO), WindowCut.LOST);

    assertThat(network.node(N3).link(N1)).isEmpty();
    assertThat(network.node(N1).link(N3)).isEmpty();
    assertThat(network.node(N1).link(N2)).isPresent();
  }

  @Test
  void contactsOfOneDirectionWithDifferentRatesAreRefused() throws IOException {
    ContactPlan plan = plan(LINE + "a contact +700 +800 1 2 20000\n");

    assertThatThrownBy(
            () ->
                PlannedRadioLinks.connect(
                    network, plan, RadioChannel.of(1, Duration.ZERO), WindowCut.LOST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one rate per direction");
  }

  private static org.assertj.core.data.Offset<Long> within(long millis) {
    return org.assertj.core.data.Offset.offset(millis);
  }

  private <T extends ChannelEvent> List<T> events(Class<T> type) {
    return trace.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
