package org.starlane.cl.sim;

import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.eid.EndpointId;

/**
 * What happened on a simulated link, for traces and tests. Every event says when (milliseconds on
 * the scheduler's clock) and on which direction of which link (from the transmitting node to the
 * receiving one). Records: two traces are equal when the runs were the same. Immutable and
 * thread-safe.
 */
public sealed interface ChannelEvent {
  long atMillis();

  EndpointId from();

  EndpointId to();

  /** A contact window opened (or the layer started with an always-up link). */
  record LinkUp(long atMillis, EndpointId from, EndpointId to) implements ChannelEvent {}

  /** A contact window closed (or the layer stopped). */
  record LinkDown(long atMillis, EndpointId from, EndpointId to) implements ChannelEvent {}

  /** The transmitter started to serialize a bundle of {@code bytes} octets. */
  record TransmissionStarted(
      long atMillis, EndpointId from, EndpointId to, BundleId bundle, int bytes)
      implements ChannelEvent {}

  /** The channel erased a frame. */
  record FrameLost(long atMillis, EndpointId from, EndpointId to, BundleId bundle)
      implements ChannelEvent {}

  /** The channel flipped {@code bits} bits of a frame. */
  record BitErrors(long atMillis, EndpointId from, EndpointId to, BundleId bundle, int bits)
      implements ChannelEvent {}

  /** A window's end cut a transmission after {@code bytesSent} of {@code bytes} octets. */
  record TransferCut(
      long atMillis,
      EndpointId from,
      EndpointId to,
      BundleId bundle,
      long bytesSent,
      int bytes,
      WindowCut cut)
      implements ChannelEvent {}

  /** A frame reached the receiver and decoded: the bundle goes to the agent. */
  record BundleReceived(long atMillis, EndpointId from, EndpointId to, BundleId bundle)
      implements ChannelEvent {}

  /** A frame reached the receiver and was dropped: {@code reason} says why (CRC, truncation). */
  record FrameDropped(long atMillis, EndpointId from, EndpointId to, int bytes, String reason)
      implements ChannelEvent {}
}
