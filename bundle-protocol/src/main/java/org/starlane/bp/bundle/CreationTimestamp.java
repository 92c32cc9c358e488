package org.starlane.bp.bundle;

/**
 * A bundle creation timestamp (RFC 9171 §4.2.7): the DTN time of creation (0 when the source had no
 * accurate clock) and a sequence number that tells apart bundles created in the same millisecond.
 * On the wire {@code [time, seq]}.
 *
 * @param creationTimeMillis DTN time in milliseconds, read unsigned
 * @param sequenceNumber sequence number, read unsigned
 */
public record CreationTimestamp(long creationTimeMillis, long sequenceNumber) {

  /**
   * Whether the source had no accurate clock (creation time 0); such bundles carry a Bundle Age
   * block.
   */
  public boolean isTimeUnknown() {
    return creationTimeMillis == 0;
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(creationTimeMillis) + "." + Long.toUnsignedString(sequenceNumber);
  }
}
