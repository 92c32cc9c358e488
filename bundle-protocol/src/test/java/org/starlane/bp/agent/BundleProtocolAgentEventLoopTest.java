package org.starlane.bp.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.spi.EventLoopScheduler;

/** The agent on a real event loop: calls from a test thread hop onto the scheduler's thread. */
class BundleProtocolAgentEventLoopTest {

  @Test
  void deliversLocallyOnTheSchedulersThreadWhenCalledFromAnotherThread() throws Exception {
    try (EventLoopScheduler loop = new EventLoopScheduler("agent-1")) {
      BundleProtocolAgent agent = BundleProtocolAgent.builder(1, loop).build();
      CompletableFuture<Bundle> delivered = new CompletableFuture<>();
      CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
      agent.register(
          ipn(1, 2),
          bundle -> {
            onLoop.complete(loop.inSchedulerThread());
            delivered.complete(bundle);
          },
          true,
          DeliveryFailureAction.DEFER);

      TransmitResult result =
          agent
              .transmit(ipn(1, 1), ipn(1, 2), "local".getBytes(UTF_8), TransmitOptions.DEFAULT)
              .get(10, TimeUnit.SECONDS);

      Bundle bundle = delivered.get(10, TimeUnit.SECONDS);
      assertThat(result).isEqualTo(new TransmitResult.Accepted(bundle.id()));
      assertThat(bundle.payloadBlock().dataBytes()).isEqualTo("local".getBytes(UTF_8));
      assertThat(onLoop.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.inSchedulerThread()).isFalse();
    }
  }
}
