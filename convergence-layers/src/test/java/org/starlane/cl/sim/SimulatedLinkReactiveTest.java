package org.starlane.cl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.VirtualTimeScheduler;

/**
 * A transfer cut by the end of a contact window in {@link WindowCut#TRUNCATED} mode, between two
 * agents in virtual time: the octets that arrived go to the receiving agent as the prefix of a cut
 * transfer, which keeps them as a fragment when it does reactive fragmentation (RFC 9171 §5.8). The
 * radio has no acknowledgements, so the sender sends the whole bundle again in the next window.
 */
class SimulatedLinkReactiveTest {
  private static final EndpointId A = ipn(1, 0);
  private static final EndpointId B = ipn(2, 0);
  private static final Instant START = VirtualTimeScheduler.DEFAULT_START;

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();
  private final List<ChannelEvent> trace = new ArrayList<>();
  private final List<Bundle> deliveredAtB = new ArrayList<>();
  private SimulatedNetwork network;
  private BundleProtocolAgent a;
  private BundleProtocolAgent b;

  /** A to B at 1000 octets/s, 100 ms light time, up for 1 s, then from 10 s to 20 s. */
  private void connect(boolean reactive) {
    network = new SimulatedNetwork(time, 7, trace::add);
    ContactSchedule windows =
        ContactSchedule.of(
            new ContactWindow(START, START.plusSeconds(1)),
            new ContactWindow(START.plusSeconds(10), START.plusSeconds(20)));
    network.connect(
        A, B, RadioChannel.of(8_000, Duration.ofMillis(100)), windows, WindowCut.TRUNCATED);
    a =
        BundleProtocolAgent.builder(1, time)
            .router(StaticRoutingTable.of("*", B))
            .reactiveFragmentation(reactive)
            .build();
    b =
        BundleProtocolAgent.builder(2, time)
            .router(StaticRoutingTable.of("*", A))
            .reactiveFragmentation(reactive)
            .build();
    b.register(ipn(2, 1), deliveredAtB::add, true, DeliveryFailureAction.DEFER);
    a.attach(network.node(A));
    b.attach(network.node(B));
  }

  private static byte[] payload(int length) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = (byte) (i * 11 + 1);
    }
    return p;
  }

  private void sendAndRun(byte[] payload) {
    a.transmit(ipn(1, 1), ipn(2, 1), payload, TransmitOptions.DEFAULT);
    time.runFor(Duration.ofSeconds(30));
  }

  @Test
  void theReceiverKeepsWhatArrivedOfACutFrameAsAFragment() {
    connect(true);
    byte[] payload = payload(2000); // 2 s of transmission: the first window cuts it

    sendAndRun(payload);

    assertThat(network.node(B).cutFramesKept()).isEqualTo(1);
    assertThat(network.node(B).framesDropped()).isZero();
    assertThat(b.prefixFragmentsKept()).isEqualTo(1);
    // sent again whole in the second window (no acknowledgements on a radio): delivered once, the
    // kept fragment discarded when the whole bundle arrived
    assertThat(deliveredAtB).hasSize(1);
    assertThat(deliveredAtB.get(0).primary().isFragment()).isFalse();
    assertThat(deliveredAtB.get(0).payloadBlock().dataBytes()).isEqualTo(payload);
    assertThat(a.remainderFragmentsMade()).isZero();
    assertThat(trace).filteredOn(ChannelEvent.TransferCut.class::isInstance).hasSize(1);
  }

  @Test
  void withReactiveFragmentationOffACutFrameIsDroppedAsBefore() {
    connect(false);
    byte[] payload = payload(2000);

    sendAndRun(payload);

    assertThat(network.node(B).cutFramesKept()).isZero();
    assertThat(network.node(B).framesDropped()).isEqualTo(1);
    assertThat(trace)
        .filteredOn(ChannelEvent.FrameDropped.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((ChannelEvent.FrameDropped) e).bytes()).isEqualTo(1000));
    assertThat(deliveredAtB).hasSize(1);
    assertThat(deliveredAtB.get(0).payloadBlock().dataBytes()).isEqualTo(payload);
  }
}
