package org.starlane.cl.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Scheduled;
import org.starlane.bp.spi.Scheduler;
import org.starlane.bp.spi.SendResult;

/**
 * One direction of a simulated radio link, owned by the transmitting node's {@link
 * SimulatedConvergenceLayer}: the transmitter and the channel of RFC 9171 §7's "convergence-layer
 * adapter" as an emulation.
 *
 * <p>What happens to a bundle given to {@link #send}:
 *
 * <ol>
 *   <li>it is encoded and queued; the transmitter serializes one bundle after another, each for
 *       {@code 8 × octets / rate} seconds, back to back (time is kept in nanoseconds, so queued
 *       bundles do not drift; events land on the scheduler's milliseconds, rounded up);
 *   <li>when its last bit has left, the send completes with {@link SendResult.Sent} (a radio has no
 *       acknowledgement: what the channel does next is unknown to the sender) and the channel
 *       decides, from this link's seeded random generator, whether the frame is erased (frame loss
 *       probability) and which bits flip (bit-error rate, as geometric gaps between errors);
 *   <li>a frame that survives reaches the receiver one light time later ({@link LightTime} at the
 *       time the last bit left) and is handed to the {@link FrameSink}.
 * </ol>
 *
 * <p>With a {@link ContactSchedule} of windows, the link is up only inside them. At a window's end
 * the bundle being serialized is cut ({@link WindowCut}: lost, or truncated to the octets that
 * left) and its send fails with a {@link TransferCutException}; queued bundles are refused. Signals
 * already in flight still arrive.
 *
 * <p>Confined to the owning layer's scheduler thread. {@link #send} may be called from any thread
 * when the scheduler is thread-safe (an {@link org.starlane.bp.spi.EventLoopScheduler}): it then
 * hops onto it. Counters are readable from any thread.
 */
public final class SimulatedLink implements Link {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedLink.class);
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final SimulatedConvergenceLayer owner;
  private final EndpointId peerNodeId;
  private final RadioChannel channel;
  private final ContactSchedule schedule;
  private final WindowCut cut;
  private final SplittableRandom random;
  private final FrameSink sink;

  private volatile boolean up;
  private final ArrayDeque<Transfer> queue = new ArrayDeque<>();
  private Transfer current;
  private long freeAtNanos = Long.MIN_VALUE;
  private long windowEndMillis = Long.MAX_VALUE;
  private int nextWindow;
  private Scheduled windowTimer;
  private boolean active;

  private volatile long framesSent;
  private volatile long framesLost;
  private volatile long framesCorrupted;
  private volatile long bitsFlipped;
  private volatile long transfersCut;
  private volatile long sendsRefused;

  /** One bundle in the transmitter. */
  private static final class Transfer {
    final BundleId id;
    final byte[] bytes;
    final long queuedNanos;
    final CompletableFuture<SendResult> result;
    long startNanos;
    long endNanos;
    Scheduled completion;

    Transfer(BundleId id, byte[] bytes, long queuedNanos, CompletableFuture<SendResult> result) {
      this.id = id;
      this.bytes = bytes;
      this.queuedNanos = queuedNanos;
      this.result = result;
    }
  }

  SimulatedLink(
      SimulatedConvergenceLayer owner,
      EndpointId peerNodeId,
      RadioChannel channel,
      ContactSchedule schedule,
      WindowCut cut,
      SplittableRandom random,
      FrameSink sink) {
    this.owner = owner;
    this.peerNodeId = Objects.requireNonNull(peerNodeId, "peerNodeId");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.cut = Objects.requireNonNull(cut, "cut");
    this.random = Objects.requireNonNull(random, "random");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public EndpointId peerNodeId() {
    return peerNodeId;
  }

  /** The node at the transmitting end. */
  public EndpointId localNodeId() {
    return owner.nodeId();
  }

  public RadioChannel channel() {
    return channel;
  }

  public ContactSchedule schedule() {
    return schedule;
  }

  @Override
  public boolean isUp() {
    return up;
  }

  @Override
  public OptionalLong maxBundleSizeBytes() {
    return channel.maxFrameBytes() == RadioChannel.UNLIMITED
        ? OptionalLong.empty()
        : OptionalLong.of(channel.maxFrameBytes());
  }

  /** Frames whose last bit left the transmitter. */
  public long framesSent() {
    return framesSent;
  }

  /** Frames the channel erased. */
  public long framesLost() {
    return framesLost;
  }

  /** Frames that had at least one bit flipped. */
  public long framesCorrupted() {
    return framesCorrupted;
  }

  /** Bits flipped in all. */
  public long bitsFlipped() {
    return bitsFlipped;
  }

  /** Transmissions cut by a window's end. */
  public long transfersCut() {
    return transfersCut;
  }

  /** Sends refused: no contact, or too large. */
  public long sendsRefused() {
    return sendsRefused;
  }

  @Override
  public CompletionStage<SendResult> send(Bundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    Scheduler scheduler = owner.scheduler();
    if (scheduler.inSchedulerThread()) {
      offer(bundle, result);
    } else {
      scheduler.execute(() -> offer(bundle, result));
    }
    return result;
  }

  private void offer(Bundle bundle, CompletableFuture<SendResult> result) {
    if (!up) {
      sendsRefused++;
      result.complete(new SendResult.Refused("no contact with " + peerNodeId));
      return;
    }
    byte[] bytes = owner.codec().encode(bundle);
    if (bytes.length > channel.maxFrameBytes()) {
      sendsRefused++;
      result.complete(
          new SendResult.Refused(
              bundle.id()
                  + ": "
                  + bytes.length
                  + " octets exceed the maximum frame of "
                  + channel.maxFrameBytes()));
      return;
    }
    queue.add(new Transfer(bundle.id(), bytes, nowNanos(), result));
    if (current == null) {
      startNext();
    }
  }

  private void startNext() {
    Transfer t = queue.poll();
    if (t == null) {
      return;
    }
    t.startNanos = Math.max(t.queuedNanos, freeAtNanos);
    t.endNanos = t.startNanos + channel.serializationNanos(t.bytes.length);
    current = t;
    emit(
        new ChannelEvent.TransmissionStarted(
            now(), owner.nodeId(), peerNodeId, t.id, t.bytes.length));
    if (t.endNanos <= windowEndNanos()) {
      t.completion = owner.scheduler().scheduleAt(ceilMillis(t.endNanos), () -> completed(t));
    }
    // otherwise the window's end cuts it (closeWindow)
  }

  /** The last bit of {@code t} left: the send succeeded; the channel takes the frame. */
  private void completed(Transfer t) {
    finish(t);
    startNext();
  }

  private void finish(Transfer t) {
    current = null;
    freeAtNanos = t.endNanos;
    framesSent++;
    t.result.complete(SendResult.SENT);
    propagate(t.id, t.bytes, t.endNanos, false);
  }

  /**
   * The channel: erasure, bit errors, then the light time to the receiver; a frame {@code cut} by
   * the window's end arrives as such ({@link FrameSink#carryCut}).
   */
  private void propagate(BundleId id, byte[] frame, long leftAtNanos, boolean cut) {
    if (channel.frameLossProbability() > 0
        && random.nextDouble() < channel.frameLossProbability()) {
      framesLost++;
      emit(new ChannelEvent.FrameLost(now(), owner.nodeId(), peerNodeId, id));
      return;
    }
    int flipped = flipBits(frame);
    if (flipped > 0) {
      framesCorrupted++;
      bitsFlipped += flipped;
      emit(new ChannelEvent.BitErrors(now(), owner.nodeId(), peerNodeId, id, flipped));
    }
    long light = channel.lightTime().at(leftAtNanos / NANOS_PER_MILLI).toNanos();
    owner
        .scheduler()
        .scheduleAt(
            ceilMillis(leftAtNanos + light),
            cut ? () -> sink.carryCut(frame) : () -> sink.carry(frame));
  }

  /** Flips each bit with the bit-error rate: geometric gaps between errors, one draw per error. */
  private int flipBits(byte[] frame) {
    double ber = channel.bitErrorRate();
    if (ber <= 0) {
      return 0;
    }
    long bits = frame.length * 8L;
    double logKeep = Math.log1p(-ber);
    int flipped = 0;
    long position = -1;
    while (true) {
      long gap = ber >= 1 ? 0 : (long) Math.floor(Math.log1p(-random.nextDouble()) / logKeep);
      if (gap < 0 || gap >= bits - position - 1) {
        return flipped;
      }
      position += gap + 1;
      frame[(int) (position >>> 3)] ^= (byte) (0x80 >>> (position & 7));
      flipped++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Contact windows

  /** On the scheduler thread, when the layer starts: the link comes up now or at its windows. */
  void activate() {
    active = true;
    if (schedule.isAlways()) {
      goUp();
    } else {
      armNextWindow();
    }
  }

  /** On the scheduler thread, when the layer stops: everything in the transmitter is refused. */
  void deactivate() {
    active = false;
    if (windowTimer != null) {
      windowTimer.cancel();
      windowTimer = null;
    }
    if (current != null) {
      if (current.completion != null) {
        current.completion.cancel();
      }
      current.result.complete(new SendResult.Refused("simulated link stopped"));
      current = null;
    }
    refuseQueued("simulated link stopped");
    if (up) {
      goDown();
    }
  }

  private void armNextWindow() {
    List<ContactWindow> windows = schedule.windows();
    long now = now();
    while (nextWindow < windows.size() && windows.get(nextWindow).endMillis() <= now) {
      nextWindow++;
    }
    if (nextWindow >= windows.size()) {
      windowTimer = null;
      return;
    }
    ContactWindow w = windows.get(nextWindow);
    if (w.startMillis() <= now) {
      openWindow(w);
    } else {
      windowTimer = owner.scheduler().scheduleAt(w.startMillis(), () -> openWindow(w));
    }
  }

  private void openWindow(ContactWindow w) {
    if (!active) {
      return;
    }
    windowEndMillis = w.endMillis();
    goUp();
    windowTimer = owner.scheduler().scheduleAt(w.endMillis(), this::closeWindow);
  }

  private void closeWindow() {
    long endNanos = windowEndNanos();
    Transfer t = current;
    if (t != null) {
      if (t.completion != null) {
        t.completion.cancel();
      }
      if (t.endNanos <= endNanos) {
        finish(t); // it ended with the window: not cut
      } else {
        cutTransfer(t, endNanos);
      }
    }
    refuseQueued("contact with " + peerNodeId + " ended before the transmission");
    goDown();
    windowEndMillis = Long.MAX_VALUE;
    nextWindow++;
    armNextWindow();
  }

  private void cutTransfer(Transfer t, long endNanos) {
    current = null;
    freeAtNanos = endNanos;
    transfersCut++;
    long sent = Math.min(t.bytes.length, channel.bytesIn(Math.max(0, endNanos - t.startNanos)));
    emit(
        new ChannelEvent.TransferCut(
            now(), owner.nodeId(), peerNodeId, t.id, sent, t.bytes.length, cut));
    LOG.debug(
        "{} -> {}: contact ended after {} of {} octets of {}",
        owner.nodeId(),
        peerNodeId,
        sent,
        t.bytes.length,
        t.id);
    t.result.complete(
        new SendResult.Failed(
            new TransferCutException(
                "the contact from "
                    + owner.nodeId()
                    + " to "
                    + peerNodeId
                    + " ended at "
                    + Instant.ofEpochMilli(windowEndMillis)
                    + " after "
                    + sent
                    + " of "
                    + t.bytes.length
                    + " octets of "
                    + t.id,
                sent,
                t.bytes.length)));
    if (cut == WindowCut.TRUNCATED && sent > 0) {
      propagate(t.id, Arrays.copyOf(t.bytes, (int) sent), endNanos, true);
    }
  }

  private void refuseQueued(String reason) {
    Transfer t;
    while ((t = queue.poll()) != null) {
      sendsRefused++;
      t.result.complete(new SendResult.Refused(reason));
    }
  }

  private void goUp() {
    up = true;
    emit(new ChannelEvent.LinkUp(now(), owner.nodeId(), peerNodeId));
    owner.linkUp(this);
  }

  private void goDown() {
    up = false;
    emit(new ChannelEvent.LinkDown(now(), owner.nodeId(), peerNodeId));
    owner.linkDown(this);
  }

  private void emit(ChannelEvent event) {
    owner.observer().on(event);
  }

  private long windowEndNanos() {
    return windowEndMillis == Long.MAX_VALUE ? Long.MAX_VALUE : windowEndMillis * NANOS_PER_MILLI;
  }

  private long now() {
    return owner.scheduler().nowMillis();
  }

  private long nowNanos() {
    return now() * NANOS_PER_MILLI;
  }

  private static long ceilMillis(long nanos) {
    return Math.floorDiv(nanos + NANOS_PER_MILLI - 1, NANOS_PER_MILLI);
  }

  @Override
  public String toString() {
    return "SimulatedLink[" + owner.nodeId() + " -> " + peerNodeId + ", " + channel + "]";
  }
}
