package org.starlane.cgr;

import java.time.Instant;

/**
 * A contact (CCSDS 734.3-B-1 §2.3, "Schedule-Aware Bundle Routing"): an interval during which node
 * {@code from} can transmit to node {@code to} at a constant rate. Contacts are one-way; a
 * bidirectional link is two contacts.
 *
 * <p>Units: node numbers are ipn node numbers (RFC 9758 §3; {@code ipn:N.S} has node number N, at
 * least 1); times are milliseconds since the Unix epoch (1970-01-01T00:00:00Z, UTC, the clock of
 * the Bundle Protocol Agent, see {@link org.starlane.bp.spi.Clock#nowMillis()}); the contact is
 * open for {@code startMillis <= t < endMillis}.
 *
 * <p>Immutable, thread-safe.
 *
 * @param from the transmitting node
 * @param to the receiving node ({@code from == to} is a loopback contact, as in ION; routing
 *     ignores it)
 * @param startMillis first instant of the contact, milliseconds since the Unix epoch
 * @param endMillis the instant the contact ends (exclusive), after {@code startMillis}
 * @param rateBytesPerSecond the transmission rate in bytes per second, at least 1
 * @param confidence the probability (0 exclusive .. 1 inclusive) that the contact happens as
 *     planned; 1 for scheduled contacts, lower for predicted (opportunistic) ones
 */
public record Contact(
    long from,
    long to,
    long startMillis,
    long endMillis,
    long rateBytesPerSecond,
    double confidence) {

  public Contact {
    Nodes.checkNode("from", from);
    Nodes.checkNode("to", to);
    if (startMillis < 0) {
      throw new IllegalArgumentException("contact start " + startMillis + " is before the epoch");
    }
    if (endMillis <= startMillis) {
      throw new IllegalArgumentException(
          "contact end " + endMillis + " is not after its start " + startMillis);
    }
    if (rateBytesPerSecond < 1) {
      throw new IllegalArgumentException(
          "contact rate " + rateBytesPerSecond + " bytes/s is below 1");
    }
    if (!(confidence > 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("contact confidence " + confidence + " is not in (0, 1]");
    }
  }

  /** A scheduled contact (confidence 1). */
  public static Contact of(
      long from, long to, long startMillis, long endMillis, long rateBytesPerSecond) {
    return new Contact(from, to, startMillis, endMillis, rateBytesPerSecond, 1.0);
  }

  /** The first instant of the contact. */
  public Instant start() {
    return Instant.ofEpochMilli(startMillis);
  }

  /** The instant the contact ends (exclusive). */
  public Instant end() {
    return Instant.ofEpochMilli(endMillis);
  }

  /** The contact's duration in milliseconds. */
  public long durationMillis() {
    return endMillis - startMillis;
  }

  /**
   * The contact's total volume in bytes, rate × duration (CCSDS 734.3-B-1 §2.3.3), saturating at
   * {@link Long#MAX_VALUE}.
   */
  public long volumeBytes() {
    return Nodes.volumeBytes(rateBytesPerSecond, startMillis, endMillis);
  }

  /** Whether this contact is open at {@code atMillis}. */
  public boolean isOpenAt(long atMillis) {
    return startMillis <= atMillis && atMillis < endMillis;
  }

  /** Whether this is a loopback contact ({@code from == to}). */
  public boolean isLoopback() {
    return from == to;
  }
}
