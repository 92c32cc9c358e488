package org.starlane.bpsec.tls;

/**
 * The result of checking one kind of peer identity against a certificate's claims (RFC 9174
 * §4.4.4).
 */
public enum IdentityMatch {
  /** The certificate makes no such claim: the identity cannot be authenticated. */
  ABSENT,
  /** One or more such claims are present and at least one matches the peer identity. */
  SUCCESS,
  /** One or more such claims are present and none matches the peer identity. */
  FAILURE
}
