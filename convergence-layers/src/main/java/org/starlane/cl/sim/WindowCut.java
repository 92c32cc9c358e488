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
   * The octets that left before the window's end arrive (after the light time); the receiver's
   * decoder rejects the truncated bundle and drops it (counted).
   */
  TRUNCATED
}
