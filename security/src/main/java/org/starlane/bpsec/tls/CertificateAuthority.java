package org.starlane.bpsec.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for a test network: it issues TCPCL end-entity certificates in the
 * profile of RFC 9174 §4.4.2 — version 3, an empty subject, the identities in the subjectAltName
 * (NODE-ID as otherName {@code id-on-bundleEID} with an IA5String value, DNS-IDs, IPADDR-IDs),
 * subject and authority key identifiers, key usage digitalSignature, and extended key usage
 * id-kp-bundleSecurity with id-kp-clientAuth and id-kp-serverAuth (so that TLS stacks that expect
 * them accept the certificate on either side). Keys are ECDSA P-256, signatures SHA256withECDSA,
 * through the JDK's providers (no global provider registration).
 *
 * <p>Not a production CA: no revocation, no OCSP. Immutable, thread-safe.
 */
public final class CertificateAuthority {
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private CertificateAuthority(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
  }

  /** A CA from its key and (self-signed or intermediate) certificate, for example read from PEM. */
  public static CertificateAuthority of(PrivateKey privateKey, X509Certificate certificate) {
    return new CertificateAuthority(privateKey, certificate);
  }

  /**
   * A new self-signed root CA named {@code CN=commonName}, valid from {@code notBefore} to {@code
   * notAfter}.
   */
  public static CertificateAuthority create(
      String commonName, Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter " + notAfter + " is not after " + notBefore);
    }
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=" + escape(commonName));
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name, serial(), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(keys.getPrivate(), sign(b, keys.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create CA certificate: " + e.getMessage(), e);
    }
  }

  /** The CA's certificate, the trust anchor to give the peers. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA's private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** A new key pair and a certificate for it per {@code request}, with the chain [certificate]. */
  public NodeCredentials issue(NodeCertificateRequest request) {
    KeyPair keys = newKeyPair();
    return new NodeCredentials(keys.getPrivate(), List.of(issue(request, keys.getPublic())));
  }

  /** A certificate for {@code publicKey} per {@code request}. */
  public X509Certificate issue(NodeCertificateRequest request, PublicKey publicKey) {
    List<GeneralName> names = new ArrayList<>();
    request
        .nodeId()
        .ifPresent(
            id ->
                names.add(
                    new GeneralName(
                        GeneralName.otherName,
                        new DERSequence(
                            new ASN1Encodable[] {
                              new ASN1ObjectIdentifier(CertificateIdentities.ID_ON_BUNDLE_EID),
                              new DERTaggedObject(true, 0, new DERIA5String(id.toString()))
                            }))));
    for (String dns : request.dnsNames()) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (var ip : request.ipAddresses()) {
      names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(request.notBefore()),
              Date.from(request.notAfter()),
              new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
              publicKey);
      // RFC 5280 §4.2.1.6: with an empty subject the subjectAltName is critical
      b.addExtension(
          Extension.subjectAlternativeName,
          true,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {
                KeyPurposeId.getInstance(
                    new ASN1ObjectIdentifier(CertificateIdentities.ID_KP_BUNDLE_SECURITY)),
                KeyPurposeId.id_kp_clientAuth,
                KeyPurposeId.id_kp_serverAuth
              }));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      return sign(b, privateKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key pair generator: " + e.getMessage(), e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static String escape(String cn) {
    return cn.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace("+", "\\+");
  }
}
