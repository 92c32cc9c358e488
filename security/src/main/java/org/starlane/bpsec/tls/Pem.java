package org.starlane.bpsec.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text (RFC 7468) for certificates ({@code CERTIFICATE}) and unencrypted private keys ({@code
 * PRIVATE KEY}, PKCS #8; {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY} are read too). Works on
 * strings and readers; callers choose where files live. Thread-safe (stateless).
 */
public final class Pem {
  private Pem() {}

  /** The certificates as concatenated PEM blocks. */
  public static String certificates(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : certificates) {
        w.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The private key as a PKCS #8 {@code PRIVATE KEY} block. */
  public static String privateKey(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Every certificate in {@code pem}, in order; other blocks are skipped.
   *
   * @throws IllegalArgumentException if the text is not PEM or a certificate is malformed
   */
  public static List<X509Certificate> readCertificates(Reader pem) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(pem)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof X509CertificateHolder h) {
          out.add(converter.getCertificate(h));
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("malformed PEM certificate: " + e.getMessage(), e);
    }
    return out;
  }

  /** Like {@link #readCertificates(Reader)}, from a string. */
  public static List<X509Certificate> readCertificates(String pem) {
    return readCertificates(new StringReader(pem));
  }

  /**
   * The first private key in {@code pem}.
   *
   * @throws IllegalArgumentException if there is none or it is malformed or encrypted
   */
  public static PrivateKey readPrivateKey(Reader pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(pem)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed PEM private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no unencrypted private key in the PEM text");
  }

  /** Like {@link #readPrivateKey(Reader)}, from a string. */
  public static PrivateKey readPrivateKey(String pem) {
    return readPrivateKey(new StringReader(pem));
  }
}
