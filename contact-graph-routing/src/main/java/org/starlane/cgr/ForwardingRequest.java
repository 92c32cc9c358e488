package org.starlane.cgr;

import java.util.Objects;
import java.util.Set;

/**
 * What the forwarding rules need to know about one bundle (CCSDS 734.3-B-1 §3.2.6). Immutable,
 * thread-safe.
 *
 * @param bundleKey the bundle's identity for bookings (the router uses its {@code BundleId})
 * @param destination the destination's ipn node number
 * @param sizeBytes the bundle's encoded size (for the router: of the bundle as the agent holds it)
 * @param priority its priority
 * @param deadlineMillis the time its lifetime ends (milliseconds since the Unix epoch; {@link
 *     Long#MAX_VALUE} for none): a route must deliver it by then
 * @param excludedNeighbours neighbours it must not go to (the node it came from, nodes that refused
 *     custody of it)
 * @param critical whether a copy goes to every neighbour with a plausible route
 * @param minFragmentBytes 0 if the bundle must not be fragmented; otherwise anticipatory
 *     fragmentation may split it to fit a route's volume, and this is the smallest first fragment
 *     worth cutting from it (encoded bytes: at least its blocks other than the payload data, the
 *     fragment fields, and one payload byte)
 */
public record ForwardingRequest(
    Object bundleKey,
    long destination,
    long sizeBytes,
    Priority priority,
    long deadlineMillis,
    Set<Long> excludedNeighbours,
    boolean critical,
    long minFragmentBytes) {

  public ForwardingRequest {
    Objects.requireNonNull(bundleKey, "bundleKey");
    Objects.requireNonNull(priority, "priority");
    excludedNeighbours = Set.copyOf(excludedNeighbours);
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("bundle size " + sizeBytes + " is negative");
    }
    if (minFragmentBytes < 0) {
      throw new IllegalArgumentException("minimum fragment size " + minFragmentBytes + " < 0");
    }
  }

  /** A normal-priority, non-critical bundle without deadline, exclusions or fragmentation. */
  public static ForwardingRequest of(Object bundleKey, long destination, long sizeBytes) {
    return new ForwardingRequest(
        bundleKey, destination, sizeBytes, Priority.NORMAL, Long.MAX_VALUE, Set.of(), false, 0);
  }

  /** The same request under another booking key. */
  public ForwardingRequest withKey(Object key) {
    return new ForwardingRequest(
        key,
        destination,
        sizeBytes,
        priority,
        deadlineMillis,
        excludedNeighbours,
        critical,
        minFragmentBytes);
  }

  public ForwardingRequest withPriority(Priority p) {
    return new ForwardingRequest(
        bundleKey,
        destination,
        sizeBytes,
        p,
        deadlineMillis,
        excludedNeighbours,
        critical,
        minFragmentBytes);
  }

  public ForwardingRequest withDeadline(long millis) {
    return new ForwardingRequest(
        bundleKey,
        destination,
        sizeBytes,
        priority,
        millis,
        excludedNeighbours,
        critical,
        minFragmentBytes);
  }

  public ForwardingRequest withExcluded(Set<Long> nodes) {
    return new ForwardingRequest(
        bundleKey,
        destination,
        sizeBytes,
        priority,
        deadlineMillis,
        nodes,
        critical,
        minFragmentBytes);
  }

  public ForwardingRequest asCritical() {
    return new ForwardingRequest(
        bundleKey,
        destination,
        sizeBytes,
        priority,
        deadlineMillis,
        excludedNeighbours,
        true,
        minFragmentBytes);
  }

  /** The same request for a bundle that may be fragmented into pieces of any size. */
  public ForwardingRequest withFragmentation() {
    return withFragmentation(1);
  }

  /**
   * The same request for a bundle that may be fragmented, into a first fragment of at least {@code
   * minBytes} encoded bytes.
   */
  public ForwardingRequest withFragmentation(long minBytes) {
    if (minBytes < 1) {
      throw new IllegalArgumentException("minimum fragment size " + minBytes + " < 1");
    }
    return new ForwardingRequest(
        bundleKey,
        destination,
        sizeBytes,
        priority,
        deadlineMillis,
        excludedNeighbours,
        critical,
        minBytes);
  }

  /** Whether anticipatory fragmentation may split the bundle. */
  public boolean mayFragment() {
    return minFragmentBytes > 0;
  }

  /**
   * SABR's estimated volume consumption of a bundle (CCSDS 734.3-B-1 §3.2.6.8.8, ION's {@code
   * computeECCC}): its size plus 3 % for convergence-layer overhead, at least 100 bytes.
   */
  public static long estimatedVolumeConsumption(long sizeBytes) {
    long overhead = sizeBytes / 100 * 3 + (sizeBytes % 100 * 3 + 99) / 100;
    long ecc = sizeBytes > Long.MAX_VALUE - overhead ? Long.MAX_VALUE : sizeBytes + overhead;
    return Math.max(100, ecc);
  }

  /**
   * The largest bundle (or fragment) size whose {@linkplain #estimatedVolumeConsumption(long)
   * estimated volume consumption} is at most {@code volumeBytes}, about {@code volumeBytes × 100 /
   * 103}: the size anticipatory fragmentation gives a first fragment to fit a one-hop route's
   * volume limit (its residual volume, or what its remaining time can carry). At least 97 for a
   * volume of 100 bytes or more.
   *
   * @throws IllegalArgumentException if {@code volumeBytes} is below 100 (nothing fits: every
   *     bundle consumes at least 100)
   */
  public static long largestSizeWithin(long volumeBytes) {
    if (volumeBytes < 100) {
      throw new IllegalArgumentException(
          "no bundle fits a volume of " + volumeBytes + " bytes (each consumes at least 100)");
    }
    long size = volumeBytes / 103 * 100 + volumeBytes % 103 * 100 / 103;
    while (size < Long.MAX_VALUE && estimatedVolumeConsumption(size + 1) <= volumeBytes) {
      size++;
    }
    return size;
  }

  /** This bundle's estimated volume consumption. */
  public long estimatedVolumeConsumption() {
    return estimatedVolumeConsumption(sizeBytes);
  }
}
