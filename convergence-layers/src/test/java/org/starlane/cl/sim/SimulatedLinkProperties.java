package org.starlane.cl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.VirtualTimeScheduler;

/**
 * Invariants of the channel model for any rate, light time, bundle sizes, loss and bit-error rate:
 * timing, order, conservation, and that no corrupted bundle is ever delivered.
 */
class SimulatedLinkProperties {

  /** Two started layers, 1 to 2, on a fresh virtual-time scheduler. */
  private static final class Run implements ConvergenceLayer.Listener {
    final VirtualTimeScheduler time = new VirtualTimeScheduler();
    final long t0 = time.nowMillis();
    final List<Bundle> received = new ArrayList<>();
    final List<Long> atMillis = new ArrayList<>();
    final SimulatedLink link;
    final SimulatedNetwork network;

    Run(long seed, RadioChannel channel) {
      network = new SimulatedNetwork(time, seed);
      link =
          network
              .connect(ipn(1, 0), ipn(2, 0), channel, ContactSchedule.ALWAYS, WindowCut.LOST)
              .aToB();
      network.node(ipn(1, 0)).start(this);
      network.node(ipn(2, 0)).start(this);
    }

    @Override
    public void linkUp(Link l) {}

    @Override
    public void linkDown(Link l) {}

    @Override
    public CompletionStage<ReceiveResult> bundleReceived(Link l, Bundle b) {
      received.add(b);
      atMillis.add(time.nowMillis() - t0);
      return CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);
    }
  }

  private static Bundle bundle(int sequence, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 13 + sequence);
    }
    return Bundle.of(
        PrimaryBlock.of(
            ipn(2, 1), ipn(1, 1), new CreationTimestamp(820_000_000_000L, sequence), 864_000_000),
        CanonicalBlock.payload(ByteBuffer.wrap(payload)));
  }

  @Property(tries = 150)
  void bundlesArriveInOrderAtLightTimePlusCumulativeSerialization(
      @ForAll @LongRange(min = 1_000, max = 10_000_000_000L) long rate,
      @ForAll @IntRange(min = 0, max = 20_000) int lightMillis,
      @ForAll @Size(min = 1, max = 15) List<@IntRange(min = 0, max = 5_000) Integer> payloads) {
    Run run = new Run(1, RadioChannel.of(rate, Duration.ofMillis(lightMillis)));
    List<Bundle> sent = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    long octets = 0;
    for (int i = 0; i < payloads.size(); i++) {
      Bundle b = bundle(i, payloads.get(i));
      sent.add(b);
      octets += BundleCodec.DEFAULT.encode(b).length;
      expected.add(lightMillis + octets * 8.0 * 1000 / rate);
      run.link.send(b);
    }
    run.time.runUntilIdle();
    assertThat(run.received).containsExactlyElementsOf(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(run.atMillis.get(i).doubleValue()).isCloseTo(expected.get(i), within(1.0));
    }
  }

  @Property(tries = 100)
  void everyFrameIsDeliveredIntactLostOrDroppedNeverDeliveredCorrupted(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.5) double loss,
      @ForAll @DoubleRange(min = 0, max = 0.002) @Scale(6) double ber,
      @ForAll @IntRange(min = 1, max = 60) int count) {
    RadioChannel channel =
        RadioChannel.of(1_000_000, Duration.ofMillis(50)).withFrameLoss(loss).withBitErrorRate(ber);
    Run run = new Run(seed, channel);
    List<Bundle> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Bundle b = bundle(i, 10 + i * 37 % 700);
      sent.add(b);
      run.link.send(b);
    }
    run.time.runUntilIdle();
    long dropped = run.network.node(ipn(2, 0)).framesDropped();
    assertThat(sent).containsAll(run.received);
    assertThat(run.received.size() + run.link.framesLost() + dropped).isEqualTo(count);
    assertThat(dropped).isEqualTo(run.link.framesCorrupted());
  }
}
