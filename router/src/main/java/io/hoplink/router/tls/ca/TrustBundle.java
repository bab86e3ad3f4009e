package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The roots a router trusts (its {@code ca.crt}: a server's {@code caCertPath}, a client's
 * {@code trustCerts}). During a CA rollover it holds the old root and the new one.
 */
public record TrustBundle(List<X509Certificate> roots) {
  public TrustBundle {
    requireNonNull(roots, "roots");
    List<X509Certificate> distinct = new ArrayList<>();
    for (X509Certificate root : roots) {
      if (root.getBasicConstraints() < 0) {
        throw new IllegalArgumentException("the certificate " + Described.subject(root)
            + " is not a CA's (basicConstraints CA:false), so it cannot be a trusted root");
      }
      if (distinct.stream().noneMatch(known -> sameBytes(known, root))) {
        distinct.add(root);
      }
    }
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException("a trust bundle needs at least one root");
    }
    roots = List.copyOf(distinct);
  }

  /** The roots in {@code pem}. */
  public static TrustBundle read(String pem) {
    return new TrustBundle(Pem.readCertificates(pem));
  }

  /** Every root of {@code bundles}, each once, in order: old and new during a rollover. */
  public static TrustBundle of(List<TrustBundle> bundles) {
    return new TrustBundle(bundles.stream().flatMap(b -> b.roots().stream()).toList());
  }

  public String pem() {
    return Pem.certificates(roots);
  }

  /** The roots that have expired at {@code now}. */
  public List<X509Certificate> expiredAt(Instant now) {
    return roots.stream().filter(r -> !r.getNotAfter().toInstant().isAfter(now)).toList();
  }

  /**
   * Checks, as a peer would (the JDK's PKIX validation, without revocation), that {@code chain}
   * (a certificate, then its issuers up to but not including a root) leads to one of the roots
   * at {@code at}.
   *
   * @throws IllegalArgumentException with the JDK's reason if it does not
   */
  public void verify(List<X509Certificate> chain, Instant at) {
    try {
      PKIXParameters parameters = new PKIXParameters(roots.stream()
          .map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(at));
      // a root sent along is no part of the path: it is the anchor
      List<X509Certificate> path = chain.stream()
          .filter(c -> roots.stream().noneMatch(root -> sameBytes(root, c))).toList();
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the chain of " + Described.subject(chain.get(0))
          + " does not lead to a root of the bundle (" + names() + "): " + e.getMessage(), e);
    }
  }

  /** The roots' subjects, for messages. */
  public String names() {
    return roots.stream().map(Described::subject)
        .collect(Collectors.toCollection(LinkedHashSet::new)).toString();
  }

  private static boolean sameBytes(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
