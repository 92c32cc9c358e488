package org.starlane.cl.tcpcl;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.EventLoopScheduler;

/**
 * A node for tests: a {@link BundleProtocolAgent} on its own real-time event loop, routing
 * everything to one neighbour, with a TCPCL convergence layer and an application on service 1.
 */
final class AgentNode implements AutoCloseable {
  final long number;
  final EventLoopScheduler scheduler;
  final BundleProtocolAgent agent;
  final TcpclConvergenceLayer tcpcl;
  final BlockingQueue<Bundle> delivered = new LinkedBlockingQueue<>();

  AgentNode(long number, long neighbour, UnaryOperator<TcpclConfig.Builder> tcpclConfig) {
    this(number, neighbour, false, tcpclConfig);
  }

  /** A node that does reactive fragmentation (RFC 9171 §5.8) if {@code reactive}. */
  AgentNode(
      long number,
      long neighbour,
      boolean reactive,
      UnaryOperator<TcpclConfig.Builder> tcpclConfig) {
    this.number = number;
    this.scheduler = new EventLoopScheduler("agent-" + number);
    this.agent =
        BundleProtocolAgent.builder(number, scheduler)
            .router(StaticRoutingTable.of("*", EndpointId.ipn(neighbour, 0)))
            .retryInterval(Duration.ofMillis(300))
            .reactiveFragmentation(reactive)
            .build();
    agent.register(EndpointId.ipn(number, 1), delivered::add, true, DeliveryFailureAction.DEFER);
    this.tcpcl =
        new TcpclConvergenceLayer(
            tcpclConfig.apply(TcpclConfig.builder(EndpointId.ipn(number, 0))).build());
    agent.attach(tcpcl);
  }

  void send(long toNode, byte[] payload) {
    agent
        .transmit(
            EndpointId.ipn(number, 1), EndpointId.ipn(toNode, 1), payload, TransmitOptions.DEFAULT)
        .join();
  }

  @Override
  public void close() {
    tcpcl.stop();
    scheduler.close();
  }
}
