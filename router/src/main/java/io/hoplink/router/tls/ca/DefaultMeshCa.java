package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A CA's certificate chain and key, and the clock its certificates are dated by. */
final class DefaultMeshCa implements MeshCa {
  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final Clock clock;

  private DefaultMeshCa(List<X509Certificate> chain, PrivateKey key, Clock clock) {
    this.chain = List.copyOf(chain);
    this.key = key;
    this.clock = clock;
  }

  static MeshCa newRoot(String name, Duration lifetime, KeyPair keys, Clock clock) {
    var subject = X509Builder.caName(name);
    checkLifetime("root", lifetime, MAX_ROOT_LIFETIME);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate root = X509Builder.root(subject, keys.getPublic(), keys.getPrivate(),
        now.minus(BACKDATE), now.plus(lifetime));
    return new DefaultMeshCa(List.of(root), keys.getPrivate(), clock);
  }

  static MeshCa load(List<X509Certificate> chain, PrivateKey key, Clock clock) {
    X509Certificate cert = chain.get(0);
    String subject = Described.subject(cert);
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("the certificate " + subject
          + " is not a CA's (basicConstraints CA:false)");
    }
    boolean[] usage = cert.getKeyUsage();
    if (usage != null && !usage[5]) {
      throw new IllegalArgumentException("the certificate " + subject
          + " may not sign certificates (its keyUsage lacks keyCertSign)");
    }
    if (!MeshKeys.matches(key, cert.getPublicKey())) {
      throw new IllegalArgumentException("the key does not belong to the certificate "
          + subject);
    }
    return new DefaultMeshCa(chain, key, clock);
  }

  @Override
  public MeshCa newIssuer(String name, Duration lifetime) {
    var subject = X509Builder.caName(name);
    if (certificate().getBasicConstraints() == 0) {
      throw new IllegalArgumentException(Described.subject(certificate()) + " is an issuer"
          + " (pathLen 0): it signs routers' certificates, not other CAs (use its root)");
    }
    Instant[] validity = validity("issuer", lifetime, MAX_LIFETIME);
    KeyPair keys = MeshKeys.newEcP256();
    X509Certificate issuer = X509Builder.issuer(certificate(), key, subject, keys.getPublic(),
        validity[0], validity[1]);
    List<X509Certificate> issuerChain = new ArrayList<>();
    issuerChain.add(issuer);
    issuerChain.addAll(notSelfSigned(chain));
    return new DefaultMeshCa(issuerChain, keys.getPrivate(), clock);
  }

  @Override
  public IssuedCert issue(PublicKey publicKey, CertNames names, Duration lifetime) {
    requireNonNull(publicKey, "publicKey");
    requireNonNull(names, "names");
    MeshKeys.checkCertifiable(publicKey);
    Instant[] validity = validity("certificate", lifetime, MAX_LIFETIME);
    List<X509Certificate> issued = new ArrayList<>();
    issued.add(X509Builder.leaf(certificate(), key, names, publicKey, validity[0], validity[1]));
    issued.addAll(notSelfSigned(chain));
    return new IssuedCert(issued);
  }

  @Override
  public IssuedCert sign(String csrPem, CertNames names, Duration lifetime) {
    requireNonNull(csrPem, "csrPem");
    return issue(CertificateRequests.verifiedKey(csrPem), names, lifetime);
  }

  @Override
  public X509Certificate certificate() {
    return chain.get(0);
  }

  @Override
  public List<X509Certificate> chain() {
    return notSelfSigned(chain).isEmpty() ? List.of(certificate()) : notSelfSigned(chain);
  }

  @Override
  public String privateKeyPem() {
    return Pem.privateKey(key);
  }

  /** From now (backdated, not before this CA) to now + lifetime, if this CA outlives it. */
  private Instant[] validity(String what, Duration lifetime, Duration max) {
    checkLifetime(what, lifetime, max);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate ca = certificate();
    Instant caStart = ca.getNotBefore().toInstant();
    Instant caEnd = ca.getNotAfter().toInstant();
    if (now.isBefore(caStart) || !now.isBefore(caEnd)) {
      throw new IllegalArgumentException("the CA " + Described.subject(ca) + " is valid from "
          + caStart + " to " + caEnd + ", not now (" + now + ")");
    }
    Instant end = now.plus(lifetime);
    if (end.isAfter(caEnd)) {
      throw new IllegalArgumentException("the " + what + "'s lifetime of "
          + Described.lifetime(lifetime) + " would outlive its CA " + Described.subject(ca)
          + ", which expires at " + caEnd + " (in " + Described.lifetime(
              Duration.between(now, caEnd)) + "): ask for less, or rotate the CA");
    }
    Instant start = now.minus(BACKDATE);
    return new Instant[] {start.isBefore(caStart) ? caStart : start, end};
  }

  private static void checkLifetime(String what, Duration lifetime, Duration max) {
    requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(max) > 0) {
      throw new IllegalArgumentException("the " + what + "'s lifetime of "
          + Described.lifetime(lifetime) + " (expected: more than 0, at most "
          + Described.lifetime(max) + ")");
    }
  }

  /** A chain as sent: roots are in every peer's trust bundle already. */
  private static List<X509Certificate> notSelfSigned(List<X509Certificate> certificates) {
    return certificates.stream()
        .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
        .toList();
  }
}
