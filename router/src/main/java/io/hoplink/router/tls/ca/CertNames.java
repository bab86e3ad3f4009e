package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names a certificate is for, chosen by whoever asks for it (never taken from a request):
 * DNS names (the first is also the subject's CN) and URIs such as
 * {@code spiffe://cluster.local/ns/default/sa/l5d}. At least one name; no wildcards.
 */
public record CertNames(List<String> dnsNames, List<URI> uris) {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public CertNames {
    requireNonNull(dnsNames, "dnsNames");
    requireNonNull(uris, "uris");
    LinkedHashSet<String> dns = new LinkedHashSet<>();
    for (String name : dnsNames) {
      dns.add(checkDns(requireNonNull(name, "dnsNames[]")));
    }
    LinkedHashSet<URI> checked = new LinkedHashSet<>();
    for (URI uri : uris) {
      checked.add(checkUri(requireNonNull(uri, "uris[]")));
    }
    if (dns.isEmpty() && checked.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one DNS name or URI");
    }
    dnsNames = List.copyOf(dns);
    uris = List.copyOf(checked);
  }

  /** A certificate for {@code names}, DNS names only. */
  public static CertNames dns(String... names) {
    return new CertNames(List.of(names), List.of());
  }

  /** These names and {@code uri} too. */
  public CertNames withUri(String uri) {
    List<URI> more = new ArrayList<>(uris);
    try {
      more.add(new URI(requireNonNull(uri, "uri")));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("URI name '" + uri + "' does not parse: "
          + e.getMessage(), e);
    }
    return new CertNames(dnsNames, more);
  }

  /** The subject's common name: the first DNS name, if any. */
  public Optional<String> commonName() {
    return dnsNames.stream().findFirst();
  }

  private static String checkDns(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean valid = !lower.isEmpty() && lower.length() <= 253 && !lower.endsWith(".");
    for (String label : lower.split("\\.", -1)) {
      valid &= LABEL.matcher(label).matches();
    }
    if (!valid) {
      throw new IllegalArgumentException("DNS name '" + name + "' (expected: labels of letters,"
          + " digits and hyphens joined by dots, such as node-a.mesh; no wildcards)");
    }
    return lower;
  }

  private static URI checkUri(URI uri) {
    String text = uri.toString();
    if (!uri.isAbsolute() || uri.isOpaque() || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("URI name '" + text + "' (expected: an absolute URI"
          + " such as spiffe://cluster.local/ns/default/sa/l5d)");
    }
    if (uri.getScheme().equals("spiffe") && (uri.getHost() == null || uri.getPort() != -1
        || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null)) {
      throw new IllegalArgumentException("SPIFFE ID '" + text + "' (expected:"
          + " spiffe://<trust domain>/<path>, with no port, user, query or fragment)");
    }
    return uri;
  }
}
