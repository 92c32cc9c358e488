package org.starlane.cl.sim;

/**
 * Where a simulated link puts a frame (the encoded bundle, possibly corrupted or truncated) when it
 * reaches the receiver, after serialization and light time: straight into the peer's {@link
 * SimulatedConvergenceLayer} in virtual time, or into a UDP datagram ({@link UdpFrameCarrier}) in
 * real time. Called on the sending layer's scheduler thread; must not block.
 */
@FunctionalInterface
public interface FrameSink {
  /** Carries {@code frame} to the receiver; the sink owns the array from now on. */
  void carry(byte[] frame);

  /**
   * Carries {@code prefix}, the octets of a frame that left before the end of a contact window cut
   * it ({@link WindowCut#TRUNCATED}), to a receiver that knows it was cut (as a radio receiver
   * knows that the carrier dropped): {@link SimulatedConvergenceLayer#receiveCutFrame}. The default
   * carries it as a frame like any other, which the receiver then fails to decode.
   */
  default void carryCut(byte[] prefix) {
    carry(prefix);
  }
}
