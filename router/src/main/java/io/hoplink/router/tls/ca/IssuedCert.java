package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate the mesh CA signed, with the chain to send after it: {@code chain} is the
 * certificate, then its issuer and any CA between that and the root; never the root itself,
 * which every peer already holds in its trust bundle.
 */
public record IssuedCert(List<X509Certificate> chain) {
  public IssuedCert {
    chain = List.copyOf(requireNonNull(chain, "chain"));
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("an empty chain");
    }
  }

  /** The certificate issued. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** When it expires. */
  public Instant notAfter() {
    return certificate().getNotAfter().toInstant();
  }

  /** The chain as PEM: what a {@code tls.crt} (a router's {@code certPath}) holds. */
  public String chainPem() {
    return Pem.certificates(chain);
  }
}
