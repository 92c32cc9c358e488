package org.starlane.cgr;

import java.util.Objects;
import java.util.Set;

/**
 * What the forwarding rules need to know about one bundle (CCSDS 734.3-B-1 §3.2.6). Immutable,
 * thread-safe.
 *
 * @param bundleKey the bundle's identity for bookings (the router uses its {@code BundleId})
 * @param destination the destination's ipn node number
 * @param sizeBytes the bundle's encoded size
 * @param priority its priority
 * @param deadlineMillis the time its lifetime ends (milliseconds since the Unix epoch; {@link
 *     Long#MAX_VALUE} for none): a route must deliver it by then
 * @param excludedNeighbours neighbours it must not go to (the node it came from, nodes that refused
 *     custody of it)
 * @param critical whether a copy goes to every neighbour with a plausible route
 * @param mayFragment whether anticipatory fragmentation may split it to fit a route's volume
 */
public record ForwardingRequest(
    Object bundleKey,
    long destination,
    long sizeBytes,
    Priority priority,
    long deadlineMillis,
    Set<Long> excludedNeighbours,
    boolean critical,
    boolean mayFragment) {

  public ForwardingRequest {
    Objects.requireNonNull(bundleKey, "bundleKey");
    Objects.requireNonNull(priority, "priority");
    excludedNeighbours = Set.copyOf(excludedNeighbours);
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("bundle size " + sizeBytes + " is negative");
    }
  }

  /** A normal-priority, non-critical bundle without deadline, exclusions or fragmentation. */
  public static ForwardingRequest of(Object bundleKey, long destination, long sizeBytes) {
    return new ForwardingRequest(
        bundleKey, destination, sizeBytes, Priority.NORMAL, Long.MAX_VALUE, Set.of(), false, false);
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
        mayFragment);
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
        mayFragment);
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
        mayFragment);
  }

  public ForwardingRequest withExcluded(Set<Long> nodes) {
    return new ForwardingRequest(
        bundleKey, destination, sizeBytes, priority, deadlineMillis, nodes, critical, mayFragment);
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
        mayFragment);
  }

  public ForwardingRequest withFragmentation() {
    return new ForwardingRequest(
        bundleKey,
        destination,
        sizeBytes,
        priority,
        deadlineMillis,
        excludedNeighbours,
        critical,
        true);
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

  /** This bundle's estimated volume consumption. */
  public long estimatedVolumeConsumption() {
    return estimatedVolumeConsumption(sizeBytes);
  }
}
