package org.starlane.cl.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.agent.TransmitResult;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.EventLoopScheduler;
import org.starlane.cl.udpcl.Eventually;

/**
 * The simulated RF link in real time: two agents, each on its own wall-clock scheduler as if in two
 * processes, joined by the same channel model with UDP datagrams on loopback as the carrier, 200 ms
 * one-way light time.
 */
class SimulatedLinkRealTimeIT {
  private static final Duration LIGHT = Duration.ofMillis(200);
  private static final long RATE = 1_000_000;
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  /** One "process": scheduler, agent, simulated layer and its UDP carrier. */
  final class Node {
    final EventLoopScheduler scheduler;
    final BundleProtocolAgent agent;
    final SimulatedConvergenceLayer sim;
    final UdpFrameCarrier carrier;
    final List<Bundle> delivered = new CopyOnWriteArrayList<>();
    final List<Long> deliveredAtNanos = new CopyOnWriteArrayList<>();

    Node(long number, long peer) {
      scheduler = new EventLoopScheduler("node-" + number);
      closeAfter.add(scheduler);
      agent =
          BundleProtocolAgent.builder(number, scheduler)
              .router(StaticRoutingTable.of("*", ipn(peer, 0)))
              .build();
      sim = new SimulatedConvergenceLayer(ipn(number, 0), scheduler, ChannelObserver.NONE);
      carrier = UdpFrameCarrier.bind(LOOPBACK, sim);
      closeAfter.add(carrier);
      agent.register(
          ipn(number, 1),
          b -> {
            deliveredAtNanos.add(System.nanoTime());
            delivered.add(b);
          },
          true,
          DeliveryFailureAction.DEFER);
    }

    void linkTo(Node peer, long seed) {
      EndpointId peerId = peer.sim.nodeId();
      FrameSink sink = carrier.peer(peerId, peer.carrier.localAddress());
      RadioChannel channel = RadioChannel.of(RATE, LIGHT);
      scheduler.execute(
          () ->
              sim.addLink(
                  peerId,
                  channel,
                  ContactSchedule.ALWAYS,
                  WindowCut.LOST,
                  new SplittableRandom(seed),
                  sink));
    }
  }

  @Test
  void twoAgentsOverLoopbackSeeTheLightTime() {
    Node a = new Node(1, 2);
    Node b = new Node(2, 1);
    a.linkTo(b, 1);
    b.linkTo(a, 2);
    a.agent.attach(a.sim);
    b.agent.attach(b.sim);
    closeAfter.add(a.sim::stop);
    closeAfter.add(b.sim::stop);
    Eventually.until(
        () -> "links up",
        () ->
            a.sim.links().stream().allMatch(SimulatedLink::isUp)
                && b.sim.links().stream().allMatch(SimulatedLink::isUp));

    // a first bundle warms up the code paths (class loading takes longer than the light time)
    a.agent.transmit(ipn(1, 1), ipn(2, 1), "warm-up".getBytes(UTF_8), TransmitOptions.DEFAULT);
    Eventually.until(() -> "the warm-up bundle at B", () -> b.delivered.size() == 1);

    long sentAt = System.nanoTime();
    TransmitResult result =
        a.agent
            .transmit(
                ipn(1, 1), ipn(2, 1), "hello over the air".getBytes(UTF_8), TransmitOptions.DEFAULT)
            .orTimeout(30, TimeUnit.SECONDS)
            .join();
    assertThat(result).isInstanceOf(TransmitResult.Accepted.class);
    Eventually.until(() -> "the bundle at B", () -> b.delivered.size() == 2);
    double oneWayMillis = (b.deliveredAtNanos.get(1) - sentAt) / 1e6;
    assertThat(new String(b.delivered.get(1).payloadBlock().dataBytes(), UTF_8))
        .isEqualTo("hello over the air");
    // never earlier than the light time; a loaded machine may add delay, not remove it
    assertThat(oneWayMillis)
        .isGreaterThanOrEqualTo(LIGHT.toMillis())
        .isLessThan(LIGHT.toMillis() + 2000);

    // a round trip through B's echo service takes two light times
    long pingAt = System.nanoTime();
    a.agent.transmit(
        ipn(1, 1),
        ipn(2, BundleProtocolAgent.ECHO_SERVICE),
        "ping".getBytes(UTF_8),
        TransmitOptions.DEFAULT);
    Eventually.until(() -> "the echo at A", () -> a.delivered.size() == 1);
    double roundTripMillis = (a.deliveredAtNanos.get(0) - pingAt) / 1e6;
    assertThat(roundTripMillis)
        .isGreaterThanOrEqualTo(2 * LIGHT.toMillis())
        .isLessThan(2 * LIGHT.toMillis() + 2000);
    assertThat(a.carrier.framesSent()).isEqualTo(3);
    assertThat(b.carrier.framesReceived()).isEqualTo(3);
    assertThat(b.carrier.framesSent()).isEqualTo(1);
  }
}
