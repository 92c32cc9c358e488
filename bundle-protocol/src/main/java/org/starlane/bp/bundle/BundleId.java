package org.starlane.bp.bundle;

import org.starlane.bp.eid.EndpointId;

/**
 * What identifies a bundle (RFC 9171 §4.2.7, §5.9): source node ID and creation timestamp, plus,
 * for a fragment, the fragment offset and payload length. Used for duplicate detection and in
 * status reports.
 *
 * @param source the source node ID
 * @param creationTimestamp the creation timestamp
 * @param fragment whether the bundle is a fragment
 * @param fragmentOffset the fragment offset (0 when not a fragment)
 * @param fragmentLength the payload length of the fragment (0 when not a fragment)
 */
public record BundleId(
    EndpointId source,
    CreationTimestamp creationTimestamp,
    boolean fragment,
    long fragmentOffset,
    long fragmentLength) {

  public BundleId {
    if (!fragment && (fragmentOffset != 0 || fragmentLength != 0)) {
      throw new IllegalArgumentException(
          "a bundle that is not a fragment has no fragment offset or length");
    }
  }

  @Override
  public String toString() {
    // ' @ ' and ' fragment ' cannot occur in an EID's text, so the parts stay readable for dtn
    // sources too.
    String id = source + " @ " + creationTimestamp;
    return fragment
        ? id
            + " fragment "
            + Long.toUnsignedString(fragmentOffset)
            + "+"
            + Long.toUnsignedString(fragmentLength)
        : id;
  }
}
