package org.starlane.bp.spi;

/**
 * Why a node keeps a bundle (RFC 9171 §5): a bundle with no retention constraint may be discarded.
 */
public enum RetentionConstraint {
  /** Received or created, not yet dispatched (§5.3, §5.6). */
  DISPATCH_PENDING,
  /** Dispatched to be forwarded, not yet forwarded (§5.4). */
  FORWARD_PENDING,
  /** A fragment kept until its bundle's payload is reassembled (§5.9). */
  REASSEMBLY_PENDING
}
