package org.starlane.cl.tcpcl;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.starlane.bpsec.tls.NodeCredentials;
import org.starlane.bpsec.tls.PeerAuthenticationPolicy;

/**
 * The TLS side of TCPCLv4 (RFC 9174 §4.4): this entity's credentials, the trust anchors its peers'
 * certificates must chain to, the authentication policy applied to their identities, and the TLS
 * versions allowed (TLS 1.3; TLS 1.2 only when configured, §7.11 and BCP 195). The passive entity
 * is the TLS server and requests a client certificate; the active entity is the client (§4.4.3).
 * Certificate path validation (signature chain, validity dates, key usage) is the JDK's PKIX trust
 * manager's job; a failure fails the handshake and closes the connection. Host name verification of
 * the TLS stack is off: §4.4.4.2 identity checks are done by the session with {@link
 * PeerAuthenticationPolicy}.
 *
 * <p>Immutable, thread-safe.
 */
public final class TcpclTls {
  private final SslContext server;
  private final SslContext client;
  private final PeerAuthenticationPolicy policy;
  private final boolean tls12Allowed;

  private TcpclTls(
      SslContext server, SslContext client, PeerAuthenticationPolicy policy, boolean tls12) {
    this.server = server;
    this.client = client;
    this.policy = policy;
    this.tls12Allowed = tls12;
  }

  /**
   * TLS with {@code credentials}, trusting certificates that chain to {@code trustAnchors},
   * authenticating peers per {@code policy}; TLS 1.2 as well as 1.3 if {@code allowTls12}.
   *
   * @throws IllegalArgumentException if the TLS contexts cannot be built from these
   */
  public static TcpclTls of(
      NodeCredentials credentials,
      List<X509Certificate> trustAnchors,
      PeerAuthenticationPolicy policy,
      boolean allowTls12) {
    Objects.requireNonNull(policy, "policy");
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("no trust anchors");
    }
    String[] protocols =
        allowTls12 ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.3"};
    X509Certificate[] chain = credentials.chain().toArray(X509Certificate[]::new);
    X509Certificate[] anchors = trustAnchors.toArray(X509Certificate[]::new);
    try {
      SslContext server =
          SslContextBuilder.forServer(credentials.privateKey(), chain)
              .sslProvider(SslProvider.JDK)
              .trustManager(anchors)
              .clientAuth(ClientAuth.REQUIRE)
              .protocols(protocols)
              .build();
      SslContext client =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.JDK)
              .keyManager(credentials.privateKey(), chain)
              .trustManager(anchors)
              .endpointIdentificationAlgorithm(null)
              .protocols(protocols)
              .build();
      return new TcpclTls(server, client, policy, allowTls12);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot build TLS contexts: " + e.getMessage(), e);
    }
  }

  SslContext serverContext() {
    return server;
  }

  SslContext clientContext() {
    return client;
  }

  /** The policy applied to the peer's certificate identities. */
  public PeerAuthenticationPolicy policy() {
    return policy;
  }

  /** Whether TLS 1.2 is allowed besides 1.3. */
  public boolean tls12Allowed() {
    return tls12Allowed;
  }
}
