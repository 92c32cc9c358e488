package org.starlane.bpsec.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.starlane.bp.eid.EndpointId;

/** Node certificates in the profile of RFC 9174 §4.4.2, checked with the JDK's PKIX validator. */
class CertificateAuthorityTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2027-01-01T00:00:00Z");
  private static final CertificateAuthority CA = CertificateAuthority.create("Test CA", T0, T1);

  @Test
  void aNodeCertificateCarriesTheNodeIdAsAnIa5StringOtherNameOfFormBundleEid() throws Exception {
    NodeCredentials c = CA.issue(NodeCertificateRequest.forNode(EndpointId.ipn(7, 0), T0, T1));
    X509Certificate cert = c.certificate();
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSubjectX500Principal().getName()).isEmpty();
    GeneralNames names =
        GeneralNames.fromExtensions(
            new JcaX509CertificateHolder(cert).getExtensions(), Extension.subjectAlternativeName);
    GeneralName only = names.getNames()[0];
    assertThat(only.getTagNo()).isEqualTo(GeneralName.otherName);
    ASN1Sequence otherName = ASN1Sequence.getInstance(only.getName());
    assertThat(ASN1ObjectIdentifier.getInstance(otherName.getObjectAt(0)).getId())
        .isEqualTo("1.3.6.1.5.5.7.8.11");
    ASN1TaggedObject value = ASN1TaggedObject.getInstance(otherName.getObjectAt(1));
    assertThat(value.getTagNo()).isZero();
    assertThat(((ASN1IA5String) value.getExplicitBaseObject()).getString()).isEqualTo("ipn:7.0");
    assertThat(cert.getExtendedKeyUsage())
        .contains("1.3.6.1.5.5.7.3.35", "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
    assertThat(cert.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
    assertThat(CertificateIdentities.of(cert).nodeIds()).containsExactly(EndpointId.ipn(7, 0));
  }

  @Test
  void aNodeCertificateValidatesToItsCaAndNotToAnother() throws Exception {
    NodeCredentials c = CA.issue(NodeCertificateRequest.forNode(EndpointId.ipn(7, 0), T0, T1));
    assertThat(validates(c.certificate(), CA, Instant.parse("2026-06-01T00:00:00Z"))).isTrue();
    CertificateAuthority other = CertificateAuthority.create("Other", T0, T1);
    assertThat(validates(c.certificate(), other, Instant.parse("2026-06-01T00:00:00Z"))).isFalse();
    assertThat(validates(c.certificate(), CA, Instant.parse("2027-06-01T00:00:00Z"))).isFalse();
    assertThatThrownBy(() -> c.certificate().checkValidity(Date.from(T1.plusSeconds(1))))
        .isInstanceOf(CertificateExpiredException.class);
  }

  private static boolean validates(X509Certificate cert, CertificateAuthority ca, Instant at)
      throws Exception {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(at));
    try {
      CertPathValidator.getInstance("PKIX")
          .validate(
              CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
      return true;
    } catch (java.security.cert.CertPathValidatorException e) {
      return false;
    }
  }

  @Test
  void dnsNamesAndIpAddressesAreCarriedAndMatched() throws Exception {
    NodeCredentials c =
        CA.issue(
            NodeCertificateRequest.forNode(EndpointId.parse("dtn://relay/"), T0, T1)
                .withDnsNames(List.of("Relay.Example.org"))
                .withIpAddresses(
                    List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("::1"))));
    CertificateIdentities ids = CertificateIdentities.of(c.certificate());
    assertThat(ids.nodeIds()).containsExactly(EndpointId.parse("dtn://relay/"));
    assertThat(ids.matchDnsName("relay.example.ORG.")).isEqualTo(IdentityMatch.SUCCESS);
    assertThat(ids.matchDnsName("other.example.org")).isEqualTo(IdentityMatch.FAILURE);
    assertThat(ids.matchIpAddress(InetAddress.getByName("192.0.2.7")))
        .isEqualTo(IdentityMatch.SUCCESS);
    assertThat(ids.matchIpAddress(InetAddress.getByName("0:0:0:0:0:0:0:1")))
        .isEqualTo(IdentityMatch.SUCCESS);
    assertThat(ids.matchIpAddress(InetAddress.getByName("192.0.2.8")))
        .isEqualTo(IdentityMatch.FAILURE);
    assertThat(ids.matchNodeId(EndpointId.parse("dtn://relay/"))).isEqualTo(IdentityMatch.SUCCESS);
    assertThat(ids.matchNodeId(EndpointId.parse("dtn://other/"))).isEqualTo(IdentityMatch.FAILURE);
  }

  @Test
  void aCertificateWithoutNodeIdHasAnAbsentNodeIdentity() throws Exception {
    NodeCredentials c =
        CA.issue(
            new NodeCertificateRequest(Optional.empty(), List.of("a.example"), List.of(), T0, T1));
    CertificateIdentities ids = CertificateIdentities.of(c.certificate());
    assertThat(ids.matchNodeId(EndpointId.ipn(1, 0))).isEqualTo(IdentityMatch.ABSENT);
    assertThat(ids.matchIpAddress(InetAddress.getByName("127.0.0.1")))
        .isEqualTo(IdentityMatch.ABSENT);
  }

  @Test
  void requestsThatCannotMakeAValidCertificateAreRefused() {
    assertThatThrownBy(() -> NodeCertificateRequest.forNode(EndpointId.ipn(1, 5), T0, T1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a node ID");
    assertThatThrownBy(() -> NodeCertificateRequest.forNode(EndpointId.ipn(1, 0), T1, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new NodeCertificateRequest(Optional.empty(), List.of(), List.of(), T0, T1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateAuthority.create("x", T1, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCaCertificateIsASelfSignedCa() throws Exception {
    X509Certificate ca = CA.certificate();
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    ca.verify(ca.getPublicKey());
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(T1);
    assertThat(Duration.between(ca.getNotBefore().toInstant(), T0)).isZero();
  }
}
