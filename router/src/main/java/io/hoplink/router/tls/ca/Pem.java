package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM text in and out: certificates (a chain is one after another, the certificate first),
 * private keys written as PKCS#8 ({@code PRIVATE KEY}) and read as PKCS#8, SEC1
 * ({@code EC PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}), and PKCS#10 requests. Text that
 * does not hold what is asked for is an {@link IllegalArgumentException} saying what it held.
 */
public final class Pem {
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** {@code certificates} as PEM, in order. */
  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        out.append(block("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate always encodes", e);
      }
    }
    return out.toString();
  }

  /** {@code key} as unencrypted PKCS#8 PEM. */
  public static String privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("a key in " + key.getFormat() + " (expected: PKCS#8)");
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** A PKCS#10 request's DER bytes as PEM. */
  static String certificateRequest(byte[] der) {
    return block("CERTIFICATE REQUEST", der);
  }

  /** Every certificate in {@code pem}, in order; at least one. */
  public static List<X509Certificate> readCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : objects(pem)) {
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException("holds " + describe(object)
            + " (expected: certificates)");
      }
      try {
        certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
      } catch (CertificateException e) {
        throw new IllegalArgumentException("holds a certificate that does not parse: "
            + e.getMessage(), e);
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("holds no PEM certificate");
    }
    return List.copyOf(certificates);
  }

  /** The one private key in {@code pem}. */
  public static PrivateKey readPrivateKey(String pem) {
    List<Object> objects = objects(pem);
    if (objects.size() != 1) {
      throw new IllegalArgumentException("holds " + objects.size()
          + " PEM blocks (expected: one private key)");
    }
    Object object = objects.get(0);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("holds a private key that does not load: "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException("holds " + describe(object)
        + " (expected: an unencrypted private key)");
  }

  /** The one PKCS#10 certificate request in {@code pem}. */
  static PKCS10CertificationRequest readCertificateRequest(String pem) {
    List<Object> objects = objects(pem);
    if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
      throw new IllegalArgumentException("holds " + (objects.size() == 1
          ? describe(objects.get(0)) : objects.size() + " PEM blocks")
          + " (expected: one PEM certificate request)");
    }
    return csr;
  }

  private static List<Object> objects(String pem) {
    requireNonNull(pem, "pem");
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object; (object = parser.readObject()) != null; ) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) { // BouncyCastle throws both for broken blocks
      throw new IllegalArgumentException("holds a PEM block that does not parse: "
          + e.getMessage(), e);
    }
    return objects;
  }

  private static String describe(Object object) {
    if (object instanceof X509CertificateHolder) {
      return "a certificate";
    }
    if (object instanceof PKCS10CertificationRequest) {
      return "a certificate request";
    }
    if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
      return "a private key";
    }
    return "a " + object.getClass().getSimpleName();
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }
}
