package org.starlane.cl.tcpcl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.tls.CertificateAuthority;
import org.starlane.bpsec.tls.NodeCertificateRequest;
import org.starlane.bpsec.tls.NodeCredentials;
import org.starlane.bpsec.tls.PeerAuthenticationPolicy;

/** A test CA and TLS settings for nodes it certifies. Thread-safe. */
record TestPki(CertificateAuthority ca) {
  static final Instant NOW = Instant.now();

  static TestPki create() {
    return new TestPki(
        CertificateAuthority.create(
            "Starlane test CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));
  }

  NodeCredentials credentials(EndpointId nodeId) {
    return ca.issue(
        NodeCertificateRequest.forNode(
            nodeId, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10))));
  }

  TcpclTls tls(EndpointId nodeId) {
    return tls(credentials(nodeId));
  }

  TcpclTls tls(NodeCredentials credentials) {
    return TcpclTls.of(
        credentials, List.of(ca.certificate()), PeerAuthenticationPolicy.RECOMMENDED, false);
  }
}
