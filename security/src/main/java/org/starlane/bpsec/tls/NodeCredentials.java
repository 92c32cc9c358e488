package org.starlane.bpsec.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain (end entity first, then the issuers up to but not
 * including the root, as RFC 9174 §4.4.2 advises sending), as a TLS entity presents them.
 *
 * <p>Immutable, thread-safe.
 *
 * @param privateKey the end entity's private key
 * @param chain the certificate chain, end entity first; not empty
 */
public record NodeCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
  public NodeCredentials {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain");
    }
  }

  /** The end-entity certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }
}
