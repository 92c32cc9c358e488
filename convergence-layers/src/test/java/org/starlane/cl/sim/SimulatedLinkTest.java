package org.starlane.cl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.SendResult;
import org.starlane.bp.spi.VirtualTimeScheduler;

/**
 * The simulated RF link's channel model in virtual time, between two bare convergence layers (no
 * agents): serialization and light time, asymmetric rates, frame loss and bit errors within
 * statistical bounds, contact windows and cut transfers, determinism from the seed.
 */
class SimulatedLinkTest {
  private static final EndpointId A = ipn(1, 0);
  private static final EndpointId B = ipn(2, 0);
  private static final long T0 = VirtualTimeScheduler.DEFAULT_START.toEpochMilli();

  private final VirtualTimeScheduler time = new VirtualTimeScheduler();
  private final List<ChannelEvent> trace = new ArrayList<>();

  /** What one node's layer told its (absent) agent, with the virtual time of each arrival. */
  final class Receiver implements ConvergenceLayer.Listener {
    final List<Bundle> bundles = new ArrayList<>();
    final List<Long> atMillis = new ArrayList<>();
    final List<String> linkEvents = new ArrayList<>();

    @Override
    public void linkUp(Link link) {
      linkEvents.add("up " + (time.nowMillis() - T0));
    }

    @Override
    public void linkDown(Link link) {
      linkEvents.add("down " + (time.nowMillis() - T0));
    }

    @Override
    public CompletionStage<ReceiveResult> bundleReceived(Link link, Bundle bundle) {
      bundles.add(bundle);
      atMillis.add(time.nowMillis() - T0);
      return CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);
    }
  }

  private final Receiver atA = new Receiver();
  private final Receiver atB = new Receiver();

  private SimulatedNetwork.Connection connect(
      long seed, RadioChannel ab, RadioChannel ba, ContactSchedule schedule, WindowCut cut) {
    SimulatedNetwork network = new SimulatedNetwork(time, seed, trace::add);
    SimulatedNetwork.Connection c = network.connect(A, B, ab, ba, schedule, cut);
    network.node(A).start(atA);
    network.node(B).start(atB);
    return c;
  }

  private static Bundle bundle(int sequence, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i + sequence);
    }
    return Bundle.of(
        PrimaryBlock.of(
            ipn(2, 1), ipn(1, 1), new CreationTimestamp(820_000_000_000L, sequence), 864_000_000),
        CanonicalBlock.payload(ByteBuffer.wrap(payload)));
  }

  private static int size(Bundle b) {
    return BundleCodec.DEFAULT.encode(b).length;
  }

  @Test
  void deliveryTimeIsLightTimePlusSerializationTimeWithinOneMillisecond() {
    long rate = 1_000_000;
    Duration light = Duration.ofMillis(1280);
    Link ab =
        connect(
                1,
                RadioChannel.of(rate, light),
                RadioChannel.of(rate, light),
                ContactSchedule.ALWAYS,
                WindowCut.LOST)
            .aToB();
    int[] payloads = {10, 1000, 12_345, 100_000};
    for (int i = 0; i < payloads.length; i++) {
      Bundle b = bundle(i, payloads[i]);
      long sentAt = time.nowMillis() - T0;
      ab.send(b);
      time.runUntilIdle();
      double expected = sentAt + light.toMillis() + size(b) * 8.0 * 1000 / rate;
      assertThat(atB.atMillis.get(i).doubleValue())
          .as("bundle of %d octets", size(b))
          .isCloseTo(expected, within(1.0));
      assertThat(atB.bundles.get(i)).isEqualTo(b);
    }
  }

  @Test
  void theTransmitterSerializesOneBundleAfterAnotherWithoutDrift() {
    long rate = 64_000;
    Link ab =
        connect(
                1,
                RadioChannel.of(rate, Duration.ofSeconds(2)),
                RadioChannel.of(rate, Duration.ofSeconds(2)),
                ContactSchedule.ALWAYS,
                WindowCut.LOST)
            .aToB();
    List<CompletableFuture<SendResult>> sends = new ArrayList<>();
    long octets = 0;
    List<Double> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Bundle b = bundle(i, 333); // an odd size: serialization times are not whole milliseconds
      sends.add(ab.send(b).toCompletableFuture());
      octets += size(b);
      expected.add(2000 + octets * 8.0 * 1000 / rate);
    }
    time.runUntilIdle();
    assertThat(sends).allSatisfy(s -> assertThat(s.join()).isEqualTo(SendResult.SENT));
    for (int i = 0; i < 50; i++) {
      assertThat(atB.atMillis.get(i).doubleValue()).isCloseTo(expected.get(i), within(1.0));
    }
  }

  @Test
  void upAndDownRatesMayDiffer() {
    Duration light = Duration.ofMillis(500);
    SimulatedNetwork.Connection c =
        connect(
            1,
            RadioChannel.of(2_000_000, light),
            RadioChannel.of(8_000, light),
            ContactSchedule.ALWAYS,
            WindowCut.LOST);
    Bundle up = bundle(1, 1000);
    Bundle down = bundle(2, 1000);
    c.aToB().send(up);
    c.bToA().send(down);
    time.runUntilIdle();
    assertThat(atB.atMillis.get(0).doubleValue())
        .isCloseTo(500 + size(up) * 8.0 * 1000 / 2_000_000, within(1.0));
    assertThat(atA.atMillis.get(0).doubleValue())
        .isCloseTo(500 + size(down) * 8.0 * 1000 / 8_000, within(1.0));
  }

  @Test
  void lightTimeMayChangeWithTime() {
    Instant start = VirtualTimeScheduler.DEFAULT_START;
    LightTime ranges =
        LightTime.stepwise(
            Map.of(start, Duration.ofSeconds(1), start.plusSeconds(60), Duration.ofSeconds(3)));
    RadioChannel channel = RadioChannel.of(1_000_000_000, Duration.ZERO).withLightTime(ranges);
    Link ab = connect(1, channel, channel, ContactSchedule.ALWAYS, WindowCut.LOST).aToB();
    ab.send(bundle(1, 10));
    time.runUntilIdle();
    time.runUntil(T0 + 100_000);
    ab.send(bundle(2, 10));
    time.runUntilIdle();
    assertThat(atB.atMillis).containsExactly(1001L, 103_001L);
  }

  @Test
  void frameLossStaysWithinFiveSigmaOfTheBinomialMean() {
    double p = 0.1;
    int n = 20_000;
    RadioChannel lossy = RadioChannel.of(100_000_000, Duration.ofMillis(10)).withFrameLoss(p);
    SimulatedLink ab = connect(7, lossy, lossy, ContactSchedule.ALWAYS, WindowCut.LOST).aToB();
    for (int i = 0; i < n; i++) {
      ab.send(bundle(i, 20));
    }
    time.runUntilIdle();
    double sigma = Math.sqrt(n * p * (1 - p));
    assertThat((double) ab.framesLost()).isCloseTo(n * p, within(5 * sigma));
    assertThat(atB.bundles.size() + ab.framesLost()).isEqualTo(n);
    assertThat(ab.framesSent()).isEqualTo(n);
    assertThat(trace)
        .filteredOn(ChannelEvent.FrameLost.class::isInstance)
        .hasSize((int) ab.framesLost());
  }

  @Test
  void bitErrorsAreCaughtByTheCrcAndTheBundleDropped() {
    double ber = 1e-4;
    int n = 3000;
    RadioChannel noisy = RadioChannel.of(100_000_000, Duration.ofMillis(10)).withBitErrorRate(ber);
    SimulatedNetwork network = new SimulatedNetwork(time, 11, trace::add);
    SimulatedLink ab = network.connect(A, B, noisy, ContactSchedule.ALWAYS, WindowCut.LOST).aToB();
    network.node(A).start(atA);
    network.node(B).start(atB);
    List<Bundle> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Bundle b = bundle(i, 450);
      sent.add(b);
      ab.send(b);
    }
    time.runUntilIdle();
    long bits = size(sent.get(0)) * 8L;
    double pCorrupt = 1 - Math.pow(1 - ber, bits);
    double sigma = Math.sqrt(n * pCorrupt * (1 - pCorrupt));
    assertThat((double) ab.framesCorrupted()).isCloseTo(n * pCorrupt, within(5 * sigma));
    assertThat((double) ab.bitsFlipped() / (n * bits)).isCloseTo(ber, within(ber * 0.2));
    // every corrupted bundle is dropped by its CRC, every other one arrives intact
    assertThat(network.node(B).framesDropped()).isEqualTo(ab.framesCorrupted());
    assertThat(atB.bundles).hasSize(n - (int) ab.framesCorrupted());
    assertThat(sent).containsAll(atB.bundles);
    assertThat(trace)
        .filteredOn(ChannelEvent.FrameDropped.class::isInstance)
        .allSatisfy(e -> assertThat(((ChannelEvent.FrameDropped) e).reason()).isNotBlank());
  }

  @Test
  void theLinkExistsOnlyInsideItsContactWindows() {
    Instant start = VirtualTimeScheduler.DEFAULT_START;
    ContactSchedule windows =
        ContactSchedule.of(
            new ContactWindow(start.plusSeconds(100), start.plusSeconds(200)),
            new ContactWindow(start.plusSeconds(300), start.plusSeconds(400)));
    RadioChannel channel = RadioChannel.of(1_000_000, Duration.ofSeconds(1));
    Link ab = connect(1, channel, channel, windows, WindowCut.LOST).aToB();
    assertThat(ab.isUp()).isFalse();
    assertThat(ab.send(bundle(1, 10)).toCompletableFuture().join())
        .isInstanceOf(SendResult.Refused.class);
    time.runUntil(T0 + 150_000);
    assertThat(ab.isUp()).isTrue();
    time.runUntilIdle();
    assertThat(atA.linkEvents)
        .containsExactly("up 100000", "down 200000", "up 300000", "down 400000");
    assertThat(ab.isUp()).isFalse();
  }

  @Test
  void aTransferCutByTheWindowEndIsLostAndTheSendFails() {
    Instant start = VirtualTimeScheduler.DEFAULT_START;
    ContactSchedule window = ContactSchedule.of(new ContactWindow(start, start.plusSeconds(1)));
    RadioChannel channel = RadioChannel.of(8_000, Duration.ofMillis(100)); // 1000 octets/s
    SimulatedLink ab = connect(1, channel, channel, window, WindowCut.LOST).aToB();
    time.runUntil(T0);
    Bundle big = bundle(1, 2000);
    CompletableFuture<SendResult> first = ab.send(big).toCompletableFuture();
    CompletableFuture<SendResult> queued = ab.send(bundle(2, 10)).toCompletableFuture();
    time.runUntilIdle();
    assertThat(first.join()).isInstanceOf(SendResult.Failed.class);
    TransferCutException cut = (TransferCutException) ((SendResult.Failed) first.join()).cause();
    assertThat(cut.bytesSent()).isEqualTo(1000);
    assertThat(cut.bytes()).isEqualTo(size(big));
    assertThat(queued.join()).isInstanceOf(SendResult.Refused.class);
    assertThat(atB.bundles).isEmpty();
    assertThat(ab.transfersCut()).isEqualTo(1);
    assertThat(trace)
        .filteredOn(ChannelEvent.TransferCut.class::isInstance)
        .containsExactly(
            new ChannelEvent.TransferCut(
                T0 + 1000, A, B, big.id(), 1000, size(big), WindowCut.LOST));
    assertThat(trace).filteredOn(ChannelEvent.FrameDropped.class::isInstance).isEmpty();
  }

  @Test
  void aTruncatedTransferArrivesCutAndIsDroppedByTheReceiver() {
    Instant start = VirtualTimeScheduler.DEFAULT_START;
    ContactSchedule window = ContactSchedule.of(new ContactWindow(start, start.plusSeconds(1)));
    RadioChannel channel = RadioChannel.of(8_000, Duration.ofMillis(100));
    SimulatedNetwork network = new SimulatedNetwork(time, 1, trace::add);
    SimulatedLink ab = network.connect(A, B, channel, window, WindowCut.TRUNCATED).aToB();
    network.node(A).start(atA);
    network.node(B).start(atB);
    time.runUntil(T0);
    CompletableFuture<SendResult> first = ab.send(bundle(1, 2000)).toCompletableFuture();
    time.runUntilIdle();
    assertThat(first.join()).isInstanceOf(SendResult.Failed.class);
    assertThat(atB.bundles).isEmpty();
    assertThat(network.node(B).framesDropped()).isEqualTo(1);
    assertThat(trace)
        .filteredOn(ChannelEvent.FrameDropped.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.atMillis()).isEqualTo(T0 + 1100); // window end + light time
              assertThat(((ChannelEvent.FrameDropped) e).bytes()).isEqualTo(1000);
            });
  }

  @Test
  void aTransferThatEndsExactlyWithTheWindowIsNotCut() {
    Instant start = VirtualTimeScheduler.DEFAULT_START;
    Bundle b = bundle(1, 100);
    long octets = size(b);
    ContactSchedule window =
        ContactSchedule.of(new ContactWindow(start, start.plusMillis(octets))); // 8000 bit/s
    RadioChannel channel = RadioChannel.of(8_000, Duration.ofMillis(100));
    SimulatedLink ab = connect(1, channel, channel, window, WindowCut.LOST).aToB();
    time.runUntil(T0);
    CompletableFuture<SendResult> send = ab.send(b).toCompletableFuture();
    time.runUntilIdle();
    assertThat(send.join()).isEqualTo(SendResult.SENT);
    assertThat(atB.bundles).containsExactly(b);
  }

  @Test
  void refusesBundlesLargerThanTheMaximumFrame() {
    RadioChannel channel = RadioChannel.of(8_000, Duration.ZERO).withMaxFrameBytes(500);
    SimulatedLink ab = connect(1, channel, channel, ContactSchedule.ALWAYS, WindowCut.LOST).aToB();
    assertThat(ab.maxBundleSizeBytes()).hasValue(500);
    assertThat(ab.send(bundle(1, 1000)).toCompletableFuture().join())
        .isInstanceOf(SendResult.Refused.class);
    assertThat(ab.sendsRefused()).isEqualTo(1);
  }

  /** A busy run: lossy, noisy, with windows that cut transfers, both directions. */
  private List<ChannelEvent> busyRun(long seed) {
    Instant start = VirtualTimeScheduler.DEFAULT_START;
    List<ContactWindow> windows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      windows.add(new ContactWindow(start.plusSeconds(60L * i), start.plusSeconds(60L * i + 30)));
    }
    RadioChannel up =
        RadioChannel.of(64_000, Duration.ofMillis(1300)).withFrameLoss(0.05).withBitErrorRate(1e-5);
    RadioChannel down = up.withFrameLoss(0.02);
    SimulatedNetwork.Connection c =
        connect(seed, up, down, ContactSchedule.of(windows), WindowCut.TRUNCATED);
    for (int i = 0; i < 600; i++) {
      int n = i;
      time.scheduleAt(
          T0 + i * 1000L,
          () -> {
            c.aToB().send(bundle(n, 100 + n % 7 * 300));
            c.bToA().send(bundle(100_000 + n, 50));
          });
    }
    time.runUntilIdle();
    return List.copyOf(trace);
  }

  @Test
  void theSameSeedGivesTheSameTraceEventForEvent() {
    List<ChannelEvent> first = busyRun(42);
    List<ChannelEvent> second = new SimulatedLinkTest().busyRun(42);
    List<ChannelEvent> other = new SimulatedLinkTest().busyRun(43);
    assertThat(first).hasSizeGreaterThan(1000);
    assertThat(first).filteredOn(ChannelEvent.FrameLost.class::isInstance).isNotEmpty();
    assertThat(first).filteredOn(ChannelEvent.BitErrors.class::isInstance).isNotEmpty();
    assertThat(first).filteredOn(ChannelEvent.TransferCut.class::isInstance).isNotEmpty();
    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }
}
