package org.starlane.cgr.orbit;

import java.util.Objects;

/**
 * A kind of radio link and its data rate, which every contact predicted for that link gets.
 *
 * <p>Immutable, thread-safe.
 *
 * @param name a label (for example {@code "S-band downlink"})
 * @param rateBytesPerSecond the contact rate in bytes per second (ION's unit), 1 or more
 */
public record LinkType(String name, long rateBytesPerSecond) {
  public LinkType {
    Objects.requireNonNull(name, "name");
    Checks.label("link type name", name);
    Checks.positive("rate of link type " + name + " (bytes/s)", rateBytesPerSecond);
  }
}
