package org.starlane.bpsec.tls;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.starlane.bp.eid.EndpointId;

/**
 * What a TCPCL entity requires of its peer's (already path-validated) end-entity certificate (RFC
 * 9174 §4.4.4, §4.4.5). A FAILURE result always rejects; an ABSENT result rejects only when the
 * policy requires that identity.
 *
 * <p>Immutable, thread-safe.
 *
 * @param requireNodeId reject a certificate without a NODE-ID (§4.4.4.3)
 * @param checkNetworkId validate DNS-ID and IPADDR-ID against the TCP connection (§4.4.4.2); when
 *     false, network identities are ignored, as the recommended policy does (§4.4.5)
 * @param requireNetworkId reject a certificate with neither a matching DNS-ID nor a matching
 *     IPADDR-ID (only meaningful with {@code checkNetworkId})
 */
public record PeerAuthenticationPolicy(
    boolean requireNodeId, boolean checkNetworkId, boolean requireNetworkId) {

  /** The RFC 9174 §4.4.5 recommendation: require the node ID, ignore network identities. */
  public static final PeerAuthenticationPolicy RECOMMENDED =
      new PeerAuthenticationPolicy(true, false, false);

  /** Require the node ID and check (without requiring) network identities. */
  public static final PeerAuthenticationPolicy STRICT =
      new PeerAuthenticationPolicy(true, true, false);

  public PeerAuthenticationPolicy {
    if (requireNetworkId && !checkNetworkId) {
      throw new IllegalArgumentException("requireNetworkId needs checkNetworkId");
    }
  }

  /**
   * Network-level authentication (§4.4.4.2), during or right after the TLS handshake.
   *
   * @param dnsName the DNS name the active entity resolved to connect, if any (empty on the passive
   *     side, and when connected by address)
   * @param peerAddress the IP address of the other side of the TCP connection
   */
  public PeerAuthentication authenticateNetwork(
      X509Certificate certificate, Optional<String> dnsName, InetAddress peerAddress) {
    if (!checkNetworkId) {
      return new PeerAuthentication.Accepted(IdentityMatch.ABSENT);
    }
    CertificateIdentities ids = CertificateIdentities.of(certificate);
    IdentityMatch dns = dnsName.map(ids::matchDnsName).orElse(IdentityMatch.ABSENT);
    IdentityMatch ip = ids.matchIpAddress(peerAddress);
    if (dns == IdentityMatch.FAILURE) {
      return new PeerAuthentication.Rejected(
          "certificate DNS names " + ids.dnsNames() + " do not include " + dnsName.orElseThrow());
    }
    if (ip == IdentityMatch.FAILURE) {
      return new PeerAuthentication.Rejected(
          "certificate IP addresses "
              + ids.ipAddresses()
              + " do not include "
              + peerAddress.getHostAddress());
    }
    IdentityMatch result =
        dns == IdentityMatch.SUCCESS || ip == IdentityMatch.SUCCESS
            ? IdentityMatch.SUCCESS
            : IdentityMatch.ABSENT;
    if (result == IdentityMatch.ABSENT && requireNetworkId) {
      return new PeerAuthentication.Rejected(
          "certificate has no DNS name or IP address for " + peerAddress.getHostAddress());
    }
    return new PeerAuthentication.Accepted(result);
  }

  /** Node ID authentication (§4.4.4.3) of the node ID in the peer's SESS_INIT. */
  public PeerAuthentication authenticateNodeId(X509Certificate certificate, EndpointId nodeId) {
    CertificateIdentities ids = CertificateIdentities.of(certificate);
    IdentityMatch match = ids.matchNodeId(nodeId);
    return switch (match) {
      case SUCCESS -> new PeerAuthentication.Accepted(match);
      case FAILURE ->
          new PeerAuthentication.Rejected(
              "certificate node IDs " + ids.nodeIds() + " do not include " + nodeId);
      case ABSENT ->
          requireNodeId
              ? new PeerAuthentication.Rejected(
                  "certificate has no node ID, and policy requires one")
              : new PeerAuthentication.Accepted(match);
    };
  }
}
