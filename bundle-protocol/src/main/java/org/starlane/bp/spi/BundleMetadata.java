package org.starlane.bp.spi;

import java.util.Objects;
import java.util.Set;
import org.starlane.bp.eid.EndpointId;

/**
 * What the agent knows about a stored bundle besides its blocks, so it can resume after a restart.
 *
 * @param receivedAtMillis when this node received (or created) the bundle, on the agent's clock in
 *     milliseconds since the Unix epoch: the base of the bundle age update (RFC 9171 §5.4 step 4)
 * @param receivedFrom the node ID of the neighbour the bundle came from, or {@code dtn:none} if it
 *     was created here
 * @param retentionConstraints why the bundle is kept (RFC 9171 §5)
 */
public record BundleMetadata(
    long receivedAtMillis, EndpointId receivedFrom, Set<RetentionConstraint> retentionConstraints) {
  public BundleMetadata {
    Objects.requireNonNull(receivedFrom, "receivedFrom");
    retentionConstraints = Set.copyOf(retentionConstraints);
  }
}
