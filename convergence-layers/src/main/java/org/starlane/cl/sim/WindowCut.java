package org.starlane.cl.sim;

/**
 * What becomes of a bundle whose transmission is still going on when its contact window ends.
 * Either way the sender's {@link org.starlane.bp.spi.Link#send} fails with a {@link
 * TransferCutException}, so the agent keeps the bundle and sends it again in a later contact.
 */
public enum WindowCut {
  /** Nothing arrives. */
  LOST,

  /**
   * The octets that left before the window's end arrive (after the light time), marked as cut
   * ({@link FrameSink#carryCut}): the receiving layer hands them to its agent as the prefix of a
   * cut transfer, which keeps them as a fragment if it does reactive fragmentation and they make
   * one; otherwise they are dropped (counted). (Over a {@link UdpFrameCarrier}, which carries no
   * such mark, they arrive as a frame that does not decode, and are dropped.)
   */
  TRUNCATED
}
