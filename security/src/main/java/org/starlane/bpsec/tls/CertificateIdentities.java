package org.starlane.bpsec.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.EndpointIdFormatException;

/**
 * The identities an end-entity certificate claims in its subjectAltName (RFC 9174 §4.4.1): NODE-IDs
 * (otherName {@code id-on-bundleEID} whose IA5String value is a node ID URI; values that are some
 * other URI are ignored), DNS-IDs (dNSName) and IPADDR-IDs (iPAddress).
 *
 * <p>Immutable, thread-safe.
 *
 * @param nodeIds the node IDs claimed, parsed (so compared after scheme normalization)
 * @param dnsNames the DNS names claimed, lower case
 * @param ipAddresses the IP addresses claimed
 */
public record CertificateIdentities(
    List<EndpointId> nodeIds, List<String> dnsNames, List<InetAddress> ipAddresses) {

  /** {@code id-on-bundleEID}, the otherName form of a bundle EID (RFC 9174 Appendix B). */
  public static final String ID_ON_BUNDLE_EID = "1.3.6.1.5.5.7.8.11";

  /** {@code id-kp-bundleSecurity}, the extended key usage for bundle security (Appendix B). */
  public static final String ID_KP_BUNDLE_SECURITY = "1.3.6.1.5.5.7.3.35";

  public CertificateIdentities {
    nodeIds = List.copyOf(nodeIds);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /**
   * The identities {@code certificate} claims.
   *
   * @throws IllegalArgumentException if the certificate cannot be parsed
   */
  public static CertificateIdentities of(X509Certificate certificate) {
    GeneralNames names;
    try {
      names =
          GeneralNames.fromExtensions(
              new JcaX509CertificateHolder(certificate).getExtensions(),
              Extension.subjectAlternativeName);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be parsed: " + e.getMessage(), e);
    }
    List<EndpointId> nodeIds = new ArrayList<>();
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    if (names != null) {
      for (GeneralName name : names.getNames()) {
        switch (name.getTagNo()) {
          case GeneralName.otherName ->
              bundleEid(name.getName())
                  .ifPresent(
                      uri -> {
                        try {
                          EndpointId eid = EndpointId.parse(uri);
                          if (eid.isNodeId()) {
                            nodeIds.add(eid);
                          }
                        } catch (EndpointIdFormatException e) {
                          // §4.4.1: a BundleEID that is not a node ID is ignored
                        }
                      });
          case GeneralName.dNSName ->
              dns.add(
                  ASN1IA5String.getInstance(name.getName()).getString().toLowerCase(Locale.ROOT));
          case GeneralName.iPAddress -> {
            byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
            try {
              ips.add(InetAddress.getByAddress(octets));
            } catch (UnknownHostException e) {
              // not 4 or 16 octets: not an address, ignored
            }
          }
          default -> {
            // other name forms are not identities of RFC 9174
          }
        }
      }
    }
    return new CertificateIdentities(nodeIds, dns, ips);
  }

  private static java.util.Optional<String> bundleEid(ASN1Encodable otherName) {
    ASN1Sequence seq = ASN1Sequence.getInstance(otherName);
    if (seq.size() != 2) {
      return java.util.Optional.empty();
    }
    ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0));
    if (!oid.getId().equals(ID_ON_BUNDLE_EID)) {
      return java.util.Optional.empty();
    }
    ASN1TaggedObject value = ASN1TaggedObject.getInstance(seq.getObjectAt(1));
    ASN1Encodable inner = value.getExplicitBaseObject();
    if (!(inner instanceof ASN1IA5String ia5)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(ia5.getString());
  }

  /** NODE-ID authentication (§4.4.4.3) of {@code peerNodeId}, from the peer's SESS_INIT. */
  public IdentityMatch matchNodeId(EndpointId peerNodeId) {
    if (nodeIds.isEmpty()) {
      return IdentityMatch.ABSENT;
    }
    return nodeIds.contains(peerNodeId) ? IdentityMatch.SUCCESS : IdentityMatch.FAILURE;
  }

  /**
   * DNS-ID authentication (§4.4.4.2, RFC 6125 §6) of {@code dnsName}: an exact, case-insensitive
   * match (wildcards, discouraged by §4.4.1, are not matched).
   */
  public IdentityMatch matchDnsName(String dnsName) {
    if (dnsNames.isEmpty()) {
      return IdentityMatch.ABSENT;
    }
    String wanted = dnsName.toLowerCase(Locale.ROOT);
    if (wanted.endsWith(".")) {
      wanted = wanted.substring(0, wanted.length() - 1);
    }
    return dnsNames.contains(wanted) ? IdentityMatch.SUCCESS : IdentityMatch.FAILURE;
  }

  /** IPADDR-ID authentication (§4.4.4.2) of {@code address}. */
  public IdentityMatch matchIpAddress(InetAddress address) {
    if (ipAddresses.isEmpty()) {
      return IdentityMatch.ABSENT;
    }
    return ipAddresses.contains(address) ? IdentityMatch.SUCCESS : IdentityMatch.FAILURE;
  }
}
