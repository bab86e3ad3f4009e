package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What cert-manager's csi-driver ({@code csi.cert-manager.io}) makes of a volume's attributes,
 * as its documentation and its API package (defaults, validation, request) say: the value of
 * each, defaulted where left out; the names it asks for, with the pod's variables expanded; the
 * lifetime and the renewal; the key; the files it writes. An attribute csi-driver does not have
 * is refused, as are the combinations it refuses.
 */
public final class CsiDriverAttributes {
  public static final String DRIVER = "csi.cert-manager.io";
  /** Every attribute of csi-driver v0.11 and later (the key algorithm and size came then). */
  static final Set<String> KNOWN = Set.of("issuer-name", "issuer-kind", "issuer-group",
      "literal-subject", "common-name", "organizations", "organizationalunits", "countries",
      "provinces", "localities", "streetaddresses", "postalcodes", "serialnumber", "dns-names",
      "ip-sans", "uri-sans", "duration", "is-ca", "key-usages", "key-algorithm", "key-encoding",
      "key-size", "ca-file", "certificate-file", "privatekey-file", "fs-group", "renew-before",
      "reuse-private-key", "pkcs12-enable", "pkcs12-filename", "pkcs12-password");
  private static final Map<String, String> DEFAULTS = Map.of("issuer-kind", "Issuer",
      "issuer-group", "cert-manager.io", "duration", "720h", "ca-file", "ca.crt",
      "certificate-file", "tls.crt", "privatekey-file", "tls.key",
      "key-usages", "digital signature,key encipherment", "key-algorithm", "RSA");
  /** The variables the names may hold, as in a shell: {@code ${POD_NAMESPACE}}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}|\\$([A-Za-z0-9_]+)");
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

  /** The pod a volume is mounted into, whose fields the variables stand for. */
  public record Pod(String name, String namespace, String uid, String serviceAccount) {}

  private final Map<String, String> values;

  private CsiDriverAttributes(Map<String, String> values) {
    this.values = values;
  }

  /** Reads a volume's {@code volumeAttributes}. */
  public static CsiDriverAttributes of(Map<String, String> attributes) {
    Map<String, String> values = new HashMap<>(DEFAULTS);
    attributes.forEach((key, value) -> {
      String name = key.startsWith(DRIVER + "/") ? key.substring(DRIVER.length() + 1) : null;
      if (name == null || !KNOWN.contains(name)) {
        throw new IllegalArgumentException(key + ": not an attribute of " + DRIVER);
      }
      values.put(name, value);
    });
    if (values.get("issuer-name") == null || values.get("issuer-name").isBlank()) {
      throw new IllegalArgumentException(DRIVER + "/issuer-name is required");
    }
    String algorithm = switch (values.get("key-algorithm").toUpperCase(Locale.ROOT)) {
      case "RSA" -> "RSA";
      case "ECDSA" -> "ECDSA";
      case "ED25519" -> "Ed25519";
      default -> throw new IllegalArgumentException("key-algorithm " + values.get("key-algorithm")
          + " (expected: RSA, ECDSA or Ed25519)");
    };
    values.put("key-algorithm", algorithm);
    values.putIfAbsent("key-encoding", algorithm.equals("RSA") ? "PKCS1" : "PKCS8");
    values.put("key-encoding", values.get("key-encoding").toUpperCase(Locale.ROOT));
    if (!algorithm.equals("RSA") && values.get("key-encoding").equals("PKCS1")) {
      throw new IllegalArgumentException("key-encoding PKCS1 is for RSA keys only");
    }
    if (algorithm.equals("RSA")) {
      values.putIfAbsent("key-size", "2048");
    } else if (algorithm.equals("ECDSA")) {
      values.putIfAbsent("key-size", "256");
      if (!List.of("256", "384", "521").contains(values.get("key-size"))) {
        throw new IllegalArgumentException("key-size " + values.get("key-size")
            + " (expected for ECDSA: 256, 384 or 521)");
      }
    }
    return new CsiDriverAttributes(values);
  }

  /** The attribute {@code name} (without {@code csi.cert-manager.io/}), defaulted if it has one. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  private String value(String name) {
    return get(name).orElseThrow(() -> new AssertionError("no " + name + " and no default"));
  }

  /** The DNS names a certificate for {@code pod} is asked for. */
  public List<String> dnsNames(Pod pod) {
    return get("dns-names").map(v -> list(expand(v, pod))).orElse(List.of());
  }

  /** The URI names a certificate for {@code pod} is asked for. */
  public List<String> uriSans(Pod pod) {
    return get("uri-sans").map(v -> list(expand(v, pod))).orElse(List.of());
  }

  public List<String> keyUsages() {
    return list(value("key-usages"));
  }

  public Duration duration() {
    return goDuration(value("duration"));
  }

  /** How long before its end a certificate is renewed: a third of its life unless shorter. */
  public Duration renewBefore() {
    Duration lifetime = duration();
    return get("renew-before").map(CsiDriverAttributes::goDuration)
        .filter(before -> before.compareTo(lifetime) < 0).orElse(lifetime.dividedBy(3));
  }

  public String keyAlgorithm() {
    return value("key-algorithm");
  }

  public String keyEncoding() {
    return value("key-encoding");
  }

  public String certificateFile() {
    return value("certificate-file");
  }

  public String privateKeyFile() {
    return value("privatekey-file");
  }

  public String caFile() {
    return value("ca-file");
  }

  static String expand(String text, Pod pod) {
    requireNonNull(pod, "pod");
    Map<String, String> variables = Map.of("POD_NAME", pod.name(), "POD_NAMESPACE",
        pod.namespace(), "POD_UID", pod.uid(), "SERVICE_ACCOUNT_NAME", pod.serviceAccount());
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = variables.get(name);
      if (value == null) {
        throw new IllegalArgumentException("undefined variable '" + name + "' in '" + text
            + "' (expected: one of " + variables.keySet() + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).toList();
  }

  /** A Go duration as csi-driver parses one: {@code 24h}, {@code 1h30m}, {@code 90s}. */
  static Duration goDuration(String text) {
    Matcher m = GO_DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      double amount = Double.parseDouble(m.group(1));
      long nanosPerUnit = switch (m.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        default -> 1_000_000L;
      };
      total = total.plusNanos(Math.round(amount * nanosPerUnit));
      at = m.end();
    }
    if (at != text.length() || text.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (expected: 24h, 30m)");
    }
    return total;
  }
}
