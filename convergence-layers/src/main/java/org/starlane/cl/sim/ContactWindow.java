package org.starlane.cl.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * A time interval during which a simulated link exists (a contact, RFC 9171 §3.1 "contact"): the
 * link comes up at {@code start} and goes down at {@code end}, both on the transmitter's clock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start when the link comes up
 * @param end when it goes down, after {@code start}
 */
public record ContactWindow(Instant start, Instant end) {
  public ContactWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("contact window ends at " + end + ", not after " + start);
    }
  }

  long startMillis() {
    return start.toEpochMilli();
  }

  long endMillis() {
    return end.toEpochMilli();
  }
}
