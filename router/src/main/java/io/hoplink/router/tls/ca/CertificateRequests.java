package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 requests: only their key is used, and only once the request's signature shows that
 * whoever sent it holds the private key. Everything else in a request is the sender's wish.
 */
public final class CertificateRequests {
  private CertificateRequests() {}

  /**
   * A request for {@code keys}' public key, signed by its private key, as PEM: what a router
   * sends to the identity issuer. Its subject is {@code CN=<commonName>}, a courtesy only: the
   * issuer chooses the names.
   */
  public static String newRequest(KeyPair keys, String commonName) {
    requireNonNull(keys, "keys");
    requireNonNull(commonName, "commonName");
    try {
      PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
          new X500Principal("CN=" + commonName), keys.getPublic())
          .build(new JcaContentSignerBuilder(MeshKeys.signatureAlgorithm(keys.getPrivate()))
              .build(keys.getPrivate()));
      return Pem.certificateRequest(csr.getEncoded());
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalArgumentException("cannot sign a certificate request with this key: "
          + e.getMessage(), e);
    }
  }

  /**
   * The public key of the request in {@code csrPem}.
   *
   * @throws IllegalArgumentException if it does not parse, its key is not EC or RSA, or its
   *     signature does not verify with its own key
   */
  static PublicKey verifiedKey(String csrPem) {
    PKCS10CertificationRequest csr;
    try {
      csr = Pem.readCertificateRequest(csrPem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the certificate request " + e.getMessage(), e);
    }
    PublicKey key = publicKey(csr);
    boolean valid;
    try {
      valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      throw new IllegalArgumentException("the certificate request's signature cannot be"
          + " checked: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new IllegalArgumentException("the certificate request's signature does not verify"
          + " with its own key: whoever sent it may not hold the private key");
    }
    return key;
  }

  private static PublicKey publicKey(PKCS10CertificationRequest csr) {
    ASN1ObjectIdentifier type = csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm();
    String algorithm = type.equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC"
        : type.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : null;
    if (algorithm == null) {
      throw new IllegalArgumentException("the certificate request's key is of type " + type
          + " (expected: EC or RSA)");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(
          new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the certificate request's key does not load: "
          + e.getMessage(), e);
    }
  }
}
