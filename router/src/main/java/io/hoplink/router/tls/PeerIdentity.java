package io.hoplink.router.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The identity a verified peer certificate names, as one metric-safe word: its first DNS
 * subject alternative name, else its first URI one (a SPIFFE ID, {@code /} written as
 * {@code _}), else its subject's CN. Control characters and anything but letters, digits and
 * {@code .-_:@*} become {@code _}, so no certificate can forge a metric name or split it.
 */
public final class PeerIdentity {
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;
  /** Longer names are cut: a metric name is not the place for a whole certificate. */
  static final int MAX_LENGTH = 128;

  private PeerIdentity() {}

  /** The identity of the first certificate of {@code chain}; empty for none. */
  public static Optional<String> of(List<? extends Certificate> chain) {
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate x509)) {
      return Optional.empty();
    }
    String uri = null;
    try {
      Collection<List<?>> names = x509.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          int type = (Integer) name.get(0);
          if (type == SAN_DNS) {
            return Optional.of(safe(String.valueOf(name.get(1))));
          }
          if (type == SAN_URI && uri == null) {
            uri = String.valueOf(name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // names that do not parse are passed over: the subject may still name the peer
    }
    if (uri != null) {
      return Optional.of(safe(uri));
    }
    for (String part : x509.getSubjectX500Principal().getName().split(",")) {
      if (part.startsWith("CN=")) {
        return Optional.of(safe(part.substring(3)));
      }
    }
    return Optional.empty();
  }

  static String safe(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_LENGTH));
    for (int i = 0; i < name.length() && out.length() < MAX_LENGTH; i++) {
      char c = name.charAt(i);
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || ".-_:@*".indexOf(c) >= 0);
      out.append(ok ? c : '_');
    }
    return out.length() == 0 ? "_" : out.toString();
  }
}
