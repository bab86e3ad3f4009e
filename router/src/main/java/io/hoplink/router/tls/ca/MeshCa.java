package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The mesh's certificate authority: a root, issuers it signs, and the short-lived certificates
 * an issuer signs for routers (and for anything that sends a certificate request). Every
 * certificate made here is bounded: a root lives at most {@link #MAX_ROOT_LIFETIME}, anything
 * else at most {@link #MAX_LIFETIME} and never past the CA that signs it; each starts
 * {@link #BACKDATE} in the past (not before its CA), for peers whose clocks run behind.
 *
 * <pre>{@code
 * MeshCa root = MeshCa.newRoot("mesh root 2026", MeshCa.ROOT_LIFETIME, Clock.systemUTC());
 * MeshCa issuer = root.newIssuer("mesh issuer 2026-05", MeshCa.ISSUER_LIFETIME);
 * IssuedCert node = issuer.sign(csrPem, CertNames.dns("node-a.mesh")
 *     .withUri("spiffe://cluster.local/ns/default/sa/l5d"), MeshCa.LEAF_LIFETIME);
 * }</pre>
 *
 * <p>Immutable: one instance may sign from many threads.
 */
public interface MeshCa {
  /** A new root's lifetime unless asked otherwise. */
  Duration ROOT_LIFETIME = Duration.ofDays(365);
  /** No root lives longer (no 100-year roots). */
  Duration MAX_ROOT_LIFETIME = Duration.ofDays(5 * 365);
  /** A new issuer's lifetime unless asked otherwise: rotated well before, with overlap. */
  Duration ISSUER_LIFETIME = Duration.ofDays(90);
  /** A router's certificate's lifetime unless asked otherwise. */
  Duration LEAF_LIFETIME = Duration.ofHours(24);
  /** No issuer or leaf lives longer. */
  Duration MAX_LIFETIME = Duration.ofDays(365);
  /** How far before now a certificate's validity starts. */
  Duration BACKDATE = Duration.ofMinutes(5);

  /** A new self-signed root {@code CN=<name>} with a new EC P-256 key. */
  static MeshCa newRoot(String name, Duration lifetime, Clock clock) {
    requireNonNull(clock, "clock");
    return DefaultMeshCa.newRoot(name, lifetime, MeshKeys.newEcP256(), clock);
  }

  /**
   * A CA from its PEM files: {@code certChainPem} holds its certificate first, then any CA
   * certificates between it and the root; {@code keyPem} its private key.
   *
   * @throws IllegalArgumentException if either does not parse, the certificate is not a CA's,
   *     or the key does not belong to it
   */
  static MeshCa load(String certChainPem, String keyPem, Clock clock) {
    requireNonNull(clock, "clock");
    return DefaultMeshCa.load(Pem.readCertificates(requireNonNull(certChainPem, "certChainPem")),
        Pem.readPrivateKey(requireNonNull(keyPem, "keyPem")), clock);
  }

  /** An issuer {@code CN=<name>} this root signs, with a new EC P-256 key; it signs leaves only. */
  MeshCa newIssuer(String name, Duration lifetime);

  /**
   * A certificate for {@code key} with {@code names}, for TLS servers and clients alike.
   *
   * @throws IllegalArgumentException if the key is not one the CA certifies or the lifetime is
   *     out of bounds (longer than this CA's remaining validity, say)
   */
  IssuedCert issue(PublicKey key, CertNames names, Duration lifetime);

  /**
   * A certificate for the key of the PKCS#10 request {@code csrPem}, which must be signed by that
   * key. The names are the caller's, who decides the identity: the request's subject and the
   * extensions it asks for are ignored.
   *
   * @throws IllegalArgumentException if the request does not parse or its signature does not
   *     verify, or as {@link #issue}
   */
  IssuedCert sign(String csrPem, CertNames names, Duration lifetime);

  /** This CA's certificate. */
  X509Certificate certificate();

  /** This CA's certificate, then the CA certificates between it and the root (not the root). */
  List<X509Certificate> chain();

  /** This CA's private key as PKCS#8 PEM, to keep it (mode 0600: see {@link PemFiles}). */
  String privateKeyPem();
}
