package org.starlane.cl.udpcl;

/**
 * What the UDP convergence layer does with a datagram from an address that is no configured peer.
 * RFC 7122 §5: the sender's node ID can be known only after the bundle is decoded, and hosts
 * "SHOULD use IP address filtering to limit the origin of packets to known hosts" — hence the
 * default, {@link #DROP}.
 */
public enum UnknownSenderPolicy {
  /** Drop the datagram undecoded and count it ({@link UdpclCounters#unknownSenderDatagrams}). */
  DROP,

  /**
   * Decode it and hand the bundle to the agent as received over an anonymous link: its peer node ID
   * is {@code dtn:none}, it is never up, and it refuses every send (the agent cannot answer an
   * address it does not know as a node). Counted in {@link UdpclCounters#anonymousBundles}.
   */
  ACCEPT
}
