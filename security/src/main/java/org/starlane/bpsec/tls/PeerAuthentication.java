package org.starlane.bpsec.tls;

import java.util.Objects;

/**
 * The outcome of applying a {@link PeerAuthenticationPolicy} to a peer certificate (RFC 9174
 * §4.4.4): an expected result, not an exception. Immutable, thread-safe.
 */
public sealed interface PeerAuthentication {

  /**
   * The policy accepts the peer.
   *
   * @param match the result of the identity check ({@link IdentityMatch#ABSENT} when the policy
   *     accepts an unauthenticated identity)
   */
  record Accepted(IdentityMatch match) implements PeerAuthentication {
    public Accepted {
      Objects.requireNonNull(match, "match");
      if (match == IdentityMatch.FAILURE) {
        throw new IllegalArgumentException("a failed match is never accepted");
      }
    }
  }

  /**
   * The policy rejects the peer: the session ends with "Contact Failure" (§4.4.4.2, §4.4.4.3).
   *
   * @param reason what did not match, for logs
   */
  record Rejected(String reason) implements PeerAuthentication {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
