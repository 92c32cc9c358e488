package org.starlane.cl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.VirtualTimeScheduler;

/**
 * Bundle Protocol Agents (RFC 9171 §5) over simulated RF links in virtual time: a ground station A
 * (node 1), a relay B (node 2) and a far node C (node 3), A - B - C, each hop up only in its
 * contact windows, 1.3 s light time, a day of traffic from A to C.
 */
class SimulatedNetworkAgentTest {
  private static final EndpointId A = ipn(1, 0);
  private static final EndpointId B = ipn(2, 0);
  private static final EndpointId C = ipn(3, 0);
  private static final Instant START = VirtualTimeScheduler.DEFAULT_START;
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration LIGHT = Duration.ofMillis(1300);

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();
  private final List<ChannelEvent> trace = new ArrayList<>();

  /** What C's application received, and when (virtual milliseconds). */
  private final List<Bundle> deliveredAtC = new ArrayList<>();

  private final Map<Bundle, Long> deliveredAtMillis = new HashMap<>();

  /** Windows of {@code minutes} minutes each hour, {@code offsetMinutes} into the hour. */
  private static ContactSchedule hourly(int offsetMinutes, int minutes, Duration total) {
    List<ContactWindow> windows = new ArrayList<>();
    for (long h = 0; h < total.toHours(); h++) {
      Instant open = START.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(offsetMinutes));
      windows.add(new ContactWindow(open, open.plus(Duration.ofMinutes(minutes))));
    }
    return ContactSchedule.of(windows);
  }

  private record Line(
      SimulatedNetwork.Connection ab, SimulatedNetwork.Connection bc, BundleProtocolAgent a) {}

  private Line line(long seed, double frameLoss, WindowCut cut) {
    SimulatedNetwork network = new SimulatedNetwork(time, seed, trace::add);
    Duration horizon = DAY.plusHours(4);
    RadioChannel uplink = RadioChannel.of(64_000, LIGHT).withFrameLoss(frameLoss);
    RadioChannel downlink = RadioChannel.of(256_000, LIGHT).withFrameLoss(frameLoss);
    // A-B in the first 20 minutes of each hour, B-C from minute 30 to 45: B stores and forwards
    var ab = network.connect(A, B, uplink, downlink, hourly(0, 20, horizon), cut);
    var bc = network.connect(B, C, uplink, downlink, hourly(30, 15, horizon), cut);
    BundleProtocolAgent a =
        BundleProtocolAgent.builder(1, time).router(StaticRoutingTable.of("*", B)).build();
    BundleProtocolAgent b =
        BundleProtocolAgent.builder(2, time)
            .router(StaticRoutingTable.of("ipn:1.*", A, "ipn:3.*", C))
            .build();
    BundleProtocolAgent c =
        BundleProtocolAgent.builder(3, time).router(StaticRoutingTable.of("*", B)).build();
    c.register(
        ipn(3, 1),
        bundle -> {
          deliveredAtC.add(bundle);
          deliveredAtMillis.put(bundle, time.nowMillis());
        },
        true,
        DeliveryFailureAction.DEFER);
    a.attach(network.node(A));
    b.attach(network.node(B));
    c.attach(network.node(C));
    return new Line(ab, bc, a);
  }

  /** A sends a 1,000-octet bundle to C every 30 s for a day. */
  private int sendADayOfTraffic(BundleProtocolAgent a) {
    int count = (int) (DAY.toSeconds() / 30);
    TransmitOptions options = TransmitOptions.DEFAULT.withLifetime(Duration.ofDays(3));
    for (int i = 0; i < count; i++) {
      int n = i;
      time.scheduleAt(
          START.toEpochMilli() + n * 30_000L,
          () -> {
            byte[] payload = new byte[1000];
            ByteBuffer.wrap(payload).putInt(n);
            a.transmit(ipn(1, 1), ipn(3, 1), payload, options);
          });
    }
    return count;
  }

  @Test
  void aDayOfRelayedTrafficArrivesOnlyThroughContactWindowsAndRunsInSeconds() {
    Line line = line(1, 0, WindowCut.LOST);
    int sent = sendADayOfTraffic(line.a());
    long wallStart = System.nanoTime();
    long events = time.runUntilIdle();
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;

    assertThat(deliveredAtC).hasSize(sent);
    assertThat(deliveredAtC.stream().map(b -> b.payloadBlock().data().getInt()).distinct())
        .hasSize(sent);
    // every bundle reached C one light time after a B-C window was open (minutes 30-45 of an hour)
    for (Bundle bundle : deliveredAtC) {
      long millisIntoHour = (deliveredAtMillis.get(bundle) - START.toEpochMilli()) % 3_600_000;
      assertThat(millisIntoHour)
          .isBetween(30 * 60_000L + LIGHT.toMillis(), 45 * 60_000L + LIGHT.toMillis());
    }
    assertThat(events).isGreaterThan(10L * sent);
    assertThat(wallSeconds).as("a simulated day in virtual time").isLessThan(30);
    assertThat(line.ab().aToB().framesSent()).isEqualTo(sent);
    assertThat(line.bc().aToB().framesSent()).isEqualTo(sent);
  }

  @Test
  void lostFramesAreExactlyTheBundlesThatNeverArrive() {
    Line line = line(5, 0.03, WindowCut.TRUNCATED);
    int sent = sendADayOfTraffic(line.a());
    time.runUntilIdle();
    long lost = line.ab().aToB().framesLost() + line.bc().aToB().framesLost();
    assertThat(lost).isPositive();
    // the agent sends each bundle once per hop (a radio frame has no acknowledgement): each
    // erased frame is one bundle that never reaches C, and nothing else is missing
    assertThat(deliveredAtC).hasSize(sent - (int) lost);
    double sigma = Math.sqrt(2 * sent * 0.03 * 0.97);
    assertThat((double) lost).isBetween(2 * sent * 0.03 - 5 * sigma, 2 * sent * 0.03 + 5 * sigma);
  }

  @Test
  void theSameSeedGivesTheSameDayAndAnotherSeedAnotherOne() {
    List<Object> first = new SimulatedNetworkAgentTest().lossyDay(7);
    List<Object> again = new SimulatedNetworkAgentTest().lossyDay(7);
    List<Object> other = new SimulatedNetworkAgentTest().lossyDay(8);

    assertThat(first).hasSizeGreaterThan(10_000).isEqualTo(again).isNotEqualTo(other);
  }

  /**
   * A day of lossy traffic through three agents: every channel event and every delivery with its
   * virtual time, in order.
   */
  private List<Object> lossyDay(long seed) {
    Line line = line(seed, 0.03, WindowCut.TRUNCATED);
    sendADayOfTraffic(line.a());
    time.runUntilIdle();
    List<Object> run = new ArrayList<>(trace);
    for (Bundle bundle : deliveredAtC) {
      run.add(deliveredAtMillis.get(bundle) + " ms: " + bundle.payloadBlock().data().getInt(0));
    }
    return run;
  }

  @Test
  void aBundleCutByTheEndOfAWindowIsSentAgainInTheNextOne() {
    SimulatedNetwork network = new SimulatedNetwork(time, 3, trace::add);
    // 8,000 bit/s: 1,000 octets a second; windows of 10 s every minute
    List<ContactWindow> windows = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      windows.add(new ContactWindow(START.plusSeconds(60L * m), START.plusSeconds(60L * m + 10)));
    }
    RadioChannel slow = RadioChannel.of(8_000, LIGHT);
    network.connect(A, C, slow, ContactSchedule.of(windows), WindowCut.TRUNCATED);
    BundleProtocolAgent a =
        BundleProtocolAgent.builder(1, time).router(StaticRoutingTable.of("*", C)).build();
    BundleProtocolAgent c =
        BundleProtocolAgent.builder(3, time).router(StaticRoutingTable.of("*", A)).build();
    c.register(ipn(3, 1), deliveredAtC::add, true, DeliveryFailureAction.DEFER);
    a.attach(network.node(A));
    c.attach(network.node(C));
    // at second 5 of the first window, a 7,000-octet bundle cannot fit the 5 s left: it is cut
    time.scheduleAt(
        START.toEpochMilli() + 5_000,
        () -> a.transmit(ipn(1, 1), ipn(3, 1), new byte[7000], TransmitOptions.DEFAULT));
    time.runUntilIdle();
    assertThat(trace).filteredOn(ChannelEvent.TransferCut.class::isInstance).hasSize(1);
    assertThat(network.node(C).framesDropped()).isEqualTo(1); // the truncated frame
    assertThat(deliveredAtC).hasSize(1);
    assertThat(deliveredAtC.get(0).payloadBlock().dataLength()).isEqualTo(7000);
  }
}
