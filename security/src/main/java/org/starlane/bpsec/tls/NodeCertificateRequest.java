package org.starlane.bpsec.tls;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.starlane.bp.eid.EndpointId;

/**
 * What a TCPCL end-entity certificate should identify (RFC 9174 §4.4.2): a NODE-ID, DNS-IDs and
 * IPADDR-IDs, and when it is valid.
 *
 * <p>Immutable, thread-safe.
 *
 * @param nodeId the node ID to carry as otherName {@code id-on-bundleEID}, if any; must be a node
 *     ID
 * @param dnsNames DNS names to carry as dNSName entries
 * @param ipAddresses IP addresses to carry as iPAddress entries
 * @param notBefore the start of the validity period
 * @param notAfter the end of the validity period, after {@code notBefore}
 */
public record NodeCertificateRequest(
    Optional<EndpointId> nodeId,
    List<String> dnsNames,
    List<InetAddress> ipAddresses,
    Instant notBefore,
    Instant notAfter) {
  public NodeCertificateRequest {
    Objects.requireNonNull(nodeId, "nodeId");
    nodeId.ifPresent(
        id -> {
          if (!id.isNodeId()) {
            throw new IllegalArgumentException(id + " is not a node ID");
          }
        });
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter " + notAfter + " is not after " + notBefore);
    }
    if (nodeId.isEmpty() && dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a certificate must identify something");
    }
  }

  /** A certificate for {@code nodeId} alone, valid from {@code notBefore} to {@code notAfter}. */
  public static NodeCertificateRequest forNode(
      EndpointId nodeId, Instant notBefore, Instant notAfter) {
    return new NodeCertificateRequest(
        Optional.of(nodeId), List.of(), List.of(), notBefore, notAfter);
  }

  /** This request with DNS names {@code names} as well. */
  public NodeCertificateRequest withDnsNames(List<String> names) {
    return new NodeCertificateRequest(nodeId, names, ipAddresses, notBefore, notAfter);
  }

  /** This request with IP addresses {@code addresses} as well. */
  public NodeCertificateRequest withIpAddresses(List<InetAddress> addresses) {
    return new NodeCertificateRequest(nodeId, dnsNames, addresses, notBefore, notAfter);
  }
}
