package org.starlane.bpsec.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Signature;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.eid.EndpointId;

/** PEM text round trips (RFC 7468). */
class PemTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2027-01-01T00:00:00Z");

  @Test
  void certificatesAndKeysSurviveAPemRoundTrip() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", T0, T1);
    NodeCredentials c = ca.issue(NodeCertificateRequest.forNode(EndpointId.ipn(3, 0), T0, T1));
    String certs = Pem.certificates(List.of(c.certificate(), ca.certificate()));
    assertThat(certs).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Pem.readCertificates(certs)).containsExactly(c.certificate(), ca.certificate());
    String key = Pem.privateKey(c.privateKey());
    assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
    var read = Pem.readPrivateKey(key);
    // the key read back signs what the certificate's public key verifies
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(read);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(c.certificate().getPublicKey());
    v.update(new byte[] {1, 2, 3});
    assertThat(v.verify(sig)).isTrue();
    CertificateAuthority loaded =
        CertificateAuthority.of(
            Pem.readPrivateKey(Pem.privateKey(ca.privateKey())),
            Pem.readCertificates(Pem.certificates(List.of(ca.certificate()))).get(0));
    NodeCredentials again =
        loaded.issue(NodeCertificateRequest.forNode(EndpointId.ipn(4, 0), T0, T1));
    again.certificate().verify(ca.certificate().getPublicKey());
  }

  @Test
  void textWithoutAKeyOrWithAMangledCertificateIsRefused() {
    assertThatThrownBy(() -> Pem.readPrivateKey("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no unencrypted private key");
    assertThatThrownBy(
            () ->
                Pem.readCertificates(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Pem.readCertificates("no pem here")).isEmpty();
  }
}
