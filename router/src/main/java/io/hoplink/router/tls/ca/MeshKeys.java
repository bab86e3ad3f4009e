package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/**
 * The keys the mesh CA makes (EC P-256) and the ones it certifies: EC P-256 or P-384, or RSA of
 * at least 2048 bits, the kinds the routers' TLS takes.
 */
public final class MeshKeys {
  static final SecureRandom RANDOM = new SecureRandom();
  private static final ECParameterSpec P256 = curve("secp256r1");
  private static final ECParameterSpec P384 = curve("secp384r1");

  private MeshKeys() {}

  /** A new EC P-256 key pair. */
  public static KeyPair newEcP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime makes EC P-256 keys", e);
    }
  }

  /**
   * Refuses a key the CA does not certify.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static void checkCertifiable(PublicKey key) {
    requireNonNull(key, "key");
    String expected = " (expected: EC P-256, EC P-384, or RSA of at least 2048 bits)";
    if (key instanceof ECPublicKey ec) {
      if (!sameCurve(ec.getParams(), P256) && !sameCurve(ec.getParams(), P384)) {
        throw new IllegalArgumentException("an EC key on another curve" + expected);
      }
    } else if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("an RSA key of " + rsa.getModulus().bitLength()
            + " bits" + expected);
      }
    } else {
      throw new IllegalArgumentException("a key of type " + key.getAlgorithm() + expected);
    }
  }

  /** The signature a CA with {@code key} signs with. */
  static String signatureAlgorithm(PrivateKey key) {
    if (key instanceof ECKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize() > 256
          ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    if (key.getAlgorithm().equals("RSA")) {
      return "SHA256withRSA";
    }
    throw new IllegalArgumentException("a CA key of type " + key.getAlgorithm()
        + " (expected: EC or RSA)");
  }

  /** Whether {@code key} is the private half of {@code publicKey}: what it signs, that verifies. */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = "hoplink".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(signatureAlgorithm(key));
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(signatureAlgorithm(key));
      verify.initVerify(publicKey);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // another curve or size: not a pair
    }
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder());
  }

  private static ECParameterSpec curve(String name) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime knows " + name, e);
    }
  }
}
