package org.starlane.bpsec.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.starlane.bp.eid.EndpointId;

/** The identity checks of RFC 9174 §4.4.4.2, §4.4.4.3 under the policies of §4.4.5. */
class PeerAuthenticationPolicyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2027-01-01T00:00:00Z");
  private static final CertificateAuthority CA = CertificateAuthority.create("CA", T0, T1);

  private static X509Certificate cert(NodeCertificateRequest r) {
    return CA.issue(r).certificate();
  }

  @Test
  void theRecommendedPolicyRequiresAMatchingNodeIdAndIgnoresNetworkIdentities() throws Exception {
    var policy = PeerAuthenticationPolicy.RECOMMENDED;
    X509Certificate withIp =
        cert(
            NodeCertificateRequest.forNode(EndpointId.ipn(2, 0), T0, T1)
                .withIpAddresses(List.of(InetAddress.getByName("10.0.0.1"))));
    assertThat(policy.authenticateNodeId(withIp, EndpointId.ipn(2, 0)))
        .isEqualTo(new PeerAuthentication.Accepted(IdentityMatch.SUCCESS));
    assertThat(policy.authenticateNodeId(withIp, EndpointId.ipn(3, 0)))
        .isInstanceOf(PeerAuthentication.Rejected.class);
    // a wrong IP address does not matter to this policy
    assertThat(
            policy.authenticateNetwork(withIp, Optional.empty(), InetAddress.getLoopbackAddress()))
        .isInstanceOf(PeerAuthentication.Accepted.class);
    X509Certificate noNodeId =
        cert(new NodeCertificateRequest(Optional.empty(), List.of("a.example"), List.of(), T0, T1));
    assertThat(policy.authenticateNodeId(noNodeId, EndpointId.ipn(2, 0)))
        .isInstanceOfSatisfying(
            PeerAuthentication.Rejected.class, r -> assertThat(r.reason()).contains("no node ID"));
  }

  @Test
  void aPolicyThatDoesNotRequireTheNodeIdAcceptsItsAbsenceButNeverAMismatch() {
    var policy = new PeerAuthenticationPolicy(false, true, true);
    X509Certificate dnsOnly =
        cert(new NodeCertificateRequest(Optional.empty(), List.of("a.example"), List.of(), T0, T1));
    assertThat(policy.authenticateNodeId(dnsOnly, EndpointId.ipn(2, 0)))
        .isEqualTo(new PeerAuthentication.Accepted(IdentityMatch.ABSENT));
    X509Certificate other = cert(NodeCertificateRequest.forNode(EndpointId.ipn(9, 0), T0, T1));
    assertThat(policy.authenticateNodeId(other, EndpointId.ipn(2, 0)))
        .isInstanceOf(PeerAuthentication.Rejected.class);
  }

  @Test
  void networkChecksFailOnAMismatchAndOnAbsenceWhenRequired() throws Exception {
    InetAddress here = InetAddress.getByName("127.0.0.1");
    X509Certificate good =
        cert(
            NodeCertificateRequest.forNode(EndpointId.ipn(2, 0), T0, T1)
                .withDnsNames(List.of("node2.example"))
                .withIpAddresses(List.of(here)));
    var strict = new PeerAuthenticationPolicy(true, true, true);
    assertThat(strict.authenticateNetwork(good, Optional.of("node2.example"), here))
        .isEqualTo(new PeerAuthentication.Accepted(IdentityMatch.SUCCESS));
    assertThat(strict.authenticateNetwork(good, Optional.of("node3.example"), here))
        .isInstanceOfSatisfying(
            PeerAuthentication.Rejected.class,
            r -> assertThat(r.reason()).contains("node3.example"));
    assertThat(
            strict.authenticateNetwork(good, Optional.empty(), InetAddress.getByName("127.0.0.9")))
        .isInstanceOf(PeerAuthentication.Rejected.class);
    X509Certificate nodeOnly = cert(NodeCertificateRequest.forNode(EndpointId.ipn(2, 0), T0, T1));
    assertThat(strict.authenticateNetwork(nodeOnly, Optional.empty(), here))
        .isInstanceOf(PeerAuthentication.Rejected.class);
    assertThat(
            PeerAuthenticationPolicy.STRICT.authenticateNetwork(nodeOnly, Optional.empty(), here))
        .isEqualTo(new PeerAuthentication.Accepted(IdentityMatch.ABSENT));
    assertThatThrownBy(() -> new PeerAuthenticationPolicy(true, false, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
