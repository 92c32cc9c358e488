package org.starlane.bp.bundle;

import java.util.Objects;
import org.starlane.bp.eid.EndpointId;

/**
 * The primary bundle block (RFC 9171 §4.3.1). Immutable from creation to delivery: a relay forwards
 * its original bytes.
 *
 * <pre>
 *   [ version (7), bundle processing control flags, CRC type,
 *     destination EID, source node ID, report-to EID,
 *     [creation time, sequence number], lifetime (ms),
 *     ? fragment offset, ? total application data unit length,   -- if and only if the bundle is a fragment
 *     ? CRC ]                                                     -- if and only if CRC type != 0
 * </pre>
 *
 * @param flags bundle processing control flags
 * @param crcType CRC type of this block ({@link CrcType#NONE} only when a BIB targets the primary
 *     block)
 * @param destination destination EID
 * @param source source node ID ({@code dtn:none} for an anonymous bundle)
 * @param reportTo report-to EID
 * @param creationTimestamp creation timestamp
 * @param lifetimeMillis lifetime in milliseconds past the creation time (unsigned)
 * @param fragmentOffset fragment offset when {@code flags.isFragment()}, else 0
 * @param totalAduLength total application data unit length when {@code flags.isFragment()}, else 0
 */
public record PrimaryBlock(
    BundleProcessingFlags flags,
    CrcType crcType,
    EndpointId destination,
    EndpointId source,
    EndpointId reportTo,
    CreationTimestamp creationTimestamp,
    long lifetimeMillis,
    long fragmentOffset,
    long totalAduLength) {

  /** The protocol version this implementation speaks. */
  public static final int VERSION = 7;

  /**
   * @throws IllegalArgumentException when RFC 9171 forbids the combination (the message says which
   *     rule)
   */
  public PrimaryBlock {
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(crcType, "crcType");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reportTo, "reportTo");
    Objects.requireNonNull(creationTimestamp, "creationTimestamp");
    if (!flags.isFragment() && (fragmentOffset != 0 || totalAduLength != 0)) {
      throw new IllegalArgumentException(
          "fragment offset and total ADU length are only present when the fragment flag is set");
    }
    String problem = flagsViolation(flags, source);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * The rule of RFC 9171 §4.2.3 that {@code flags} break for a bundle from {@code source}, or null.
   * Shared by the constructor and the decoder (which reports it against the flags field).
   */
  static String flagsViolation(BundleProcessingFlags flags, EndpointId source) {
    if (flags.isAdministrativeRecord() && flags.requestsAnyReport()) {
      return "an administrative record must not request status reports (RFC 9171 §4.2.3), flags "
          + flags;
    }
    if (source.isNull()) {
      if (!flags.mustNotFragment()) {
        return "an anonymous bundle (source "
            + source
            + ") must have the 'must not be fragmented' flag set (RFC 9171 §4.2.3), flags "
            + flags;
      }
      if (flags.requestsAnyReport()) {
        return "an anonymous bundle (source "
            + source
            + ") must not request status reports (RFC 9171 §4.2.3), flags "
            + flags;
      }
    }
    return null;
  }

  /**
   * A non-fragment primary block with CRC-32C, no flags and report-to {@code dtn:none}; for tests
   * and tools.
   */
  public static PrimaryBlock of(
      EndpointId destination,
      EndpointId source,
      CreationTimestamp creationTimestamp,
      long lifetimeMillis) {
    BundleProcessingFlags flags =
        source.isNull()
            ? BundleProcessingFlags.NONE.with(BundleProcessingFlags.MUST_NOT_FRAGMENT)
            : BundleProcessingFlags.NONE;
    return new PrimaryBlock(
        flags,
        CrcType.CRC32C,
        destination,
        source,
        EndpointId.NONE,
        creationTimestamp,
        lifetimeMillis,
        0,
        0);
  }

  public boolean isFragment() {
    return flags.isFragment();
  }

  /** The same block with other flags (fragment fields must still agree with the fragment flag). */
  public PrimaryBlock withFlags(BundleProcessingFlags newFlags) {
    return new PrimaryBlock(
        newFlags,
        crcType,
        destination,
        source,
        reportTo,
        creationTimestamp,
        lifetimeMillis,
        fragmentOffset,
        totalAduLength);
  }

  /** The same block with another CRC type. */
  public PrimaryBlock withCrcType(CrcType newCrcType) {
    return new PrimaryBlock(
        flags,
        newCrcType,
        destination,
        source,
        reportTo,
        creationTimestamp,
        lifetimeMillis,
        fragmentOffset,
        totalAduLength);
  }

  /** The same block with another report-to EID. */
  public PrimaryBlock withReportTo(EndpointId newReportTo) {
    return new PrimaryBlock(
        flags,
        crcType,
        destination,
        source,
        newReportTo,
        creationTimestamp,
        lifetimeMillis,
        fragmentOffset,
        totalAduLength);
  }

  /**
   * This block as the primary block of a fragment at {@code offset} of an ADU of {@code
   * totalLength} bytes.
   */
  public PrimaryBlock asFragment(long offset, long totalLength) {
    return new PrimaryBlock(
        flags.with(BundleProcessingFlags.IS_FRAGMENT),
        crcType,
        destination,
        source,
        reportTo,
        creationTimestamp,
        lifetimeMillis,
        offset,
        totalLength);
  }

  /** The number of CBOR array elements this block encodes to (8 to 11). */
  public int elementCount() {
    return 8 + (isFragment() ? 2 : 0) + (crcType == CrcType.NONE ? 0 : 1);
  }
}
