package io.hoplink.router.identity.issuer;

import io.hoplink.router.tls.ca.CertNames;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a service account's certificate, as Linkerd 2 names its proxies:
 * {@code <sa>.<ns>.serviceaccount.identity.hoplink.<trust domain>} (the DNS name, and the
 * subject's CN) and the SPIFFE ID {@code spiffe://<trust domain>/ns/<ns>/sa/<sa>} (one URI, as
 * an X.509 SVID has). The pod and node are not named: every router of a service account has the
 * same identity, and a peer checks that identity, not where it runs.
 */
final class ServiceAccountNames {
  private static final Pattern USERNAME =
      Pattern.compile("system:serviceaccount:([^:]+):([^:]+)");

  private ServiceAccountNames() {}

  /** {@code namespace/name} of a TokenReview's user name, if it is a service account's. */
  static Optional<String> account(String username) {
    Matcher m = USERNAME.matcher(username);
    return m.matches() ? Optional.of(m.group(1) + "/" + m.group(2)) : Optional.empty();
  }

  /** The DNS name of {@code namespace/name}'s certificates. */
  static String dns(String account, String trustDomain) {
    String[] parts = account.split("/", 2);
    return parts[1] + "." + parts[0] + ".serviceaccount.identity.hoplink." + trustDomain;
  }

  /** The names of {@code namespace/name}'s certificates. */
  static CertNames of(String account, String trustDomain) {
    String[] parts = account.split("/", 2);
    return new CertNames(List.of(dns(account, trustDomain)), List.of()).withUri("spiffe://"
        + trustDomain + "/ns/" + parts[0] + "/sa/" + parts[1]);
  }
}
