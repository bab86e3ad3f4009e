package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code identity} block: the router's own certificate, from the identity issuer
 * ({@code hoplink identity}), on a key made in the process that never leaves it. Written to
 * {@code dir} as {@code tls.crt}, {@code tls.key} and {@code ca.crt} before any server starts,
 * and renewed once {@code renewAt} of its lifetime has passed; the {@code tls} blocks name those
 * files.
 *
 * <pre>
 * identity:
 *   url: https://hoplink-identity.hoplink.svc.cluster.local:8443
 *   trustBundle: /var/run/hoplink/trust/ca.crt
 *   tokenPath: /var/run/secrets/tokens/hoplink-identity
 *   dir: /var/run/hoplink/identity
 *   renewAt: 0.667
 *   startTimeoutMs: 30000
 *   backoff: {kind: jittered, minMs: 1000, maxMs: 60000}
 * </pre>
 *
 * @param url the issuer's base URL, https only (the request carries a token)
 * @param trustBundle the roots: the issuer's serving certificate is checked against them, and
 *     they are written as {@code ca.crt}
 * @param tokenPath the service account token sent with each request, read each time (the
 *     kubelet rotates a projected token)
 * @param renewAt the fraction of a certificate's lifetime, counted from when it arrived, after
 *     which it is renewed
 * @param startTimeout how long a start waits for the first certificate
 * @param backoff between failed attempts
 */
public record IdentityConfig(
    URI url,
    String trustBundle,
    String tokenPath,
    String dir,
    double renewAt,
    Duration startTimeout,
    BackoffConfig backoff) implements PlainRenderable {

  /** The token Kubernetes mounts into every pod (a projected one with an audience is better). */
  public static final String DEFAULT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  /** Two thirds of a lifetime, as Linkerd 2 renews at 70%. */
  public static final double DEFAULT_RENEW_AT = 0.667;
  /** The files written to {@code dir}, the layout of {@code hoplink certs node}. */
  public static final List<String> FILES = List.of("tls.crt", "tls.key", "ca.crt");

  private static final Set<String> KEYS = Set.of("url", "trustBundle", "tokenPath", "dir",
      "renewAt", "startTimeoutMs", "backoff");
  private static final BackoffConfig DEFAULT_BACKOFF =
      new BackoffConfig.Jittered(Duration.ofSeconds(1), Duration.ofSeconds(60));

  public IdentityConfig {
    requireNonNull(url, "url");
    requireNonNull(trustBundle, "trustBundle");
    requireNonNull(tokenPath, "tokenPath");
    requireNonNull(dir, "dir");
    requireNonNull(startTimeout, "startTimeout");
    requireNonNull(backoff, "backoff");
    if (!(renewAt >= 0.1 && renewAt <= 0.95)) {
      throw new IllegalArgumentException("renewAt: " + renewAt + " (expected: 0.1 to 0.95)");
    }
  }

  static IdentityConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    URI url = url(node.required("url"));
    String dir = KubeApiKeys.nonEmpty(node.required("dir"), "a directory path");
    try {
      Path base = Path.of(dir);
      node.madeAtStart(FILES.stream().map(base::resolve).toList());
    } catch (InvalidPathException e) {
      throw node.required("dir").error("'" + dir + "' is not a file system path: "
          + e.getReason());
    }
    String token = node.get("tokenPath").map(TlsFiles::file).orElse(DEFAULT_TOKEN);
    if (!node.has("tokenPath")) {
      node.requireFromPod(java.nio.file.Files.isReadable(Path.of(DEFAULT_TOKEN)),
          "tokenPath (default " + DEFAULT_TOKEN + ") cannot be read");
    }
    ConfigNode bundleNode = node.required("trustBundle");
    String bundle = TlsFiles.file(bundleNode);
    if (node.isMadeAtStart(Path.of(bundle))) {
      throw bundleNode.error("'" + bundle + "' is a file this block writes (expected: the roots"
          + " as mounted, such as a ConfigMap's ca.crt)");
    }
    return new IdentityConfig(url, bundle, token, dir,
        Bounds.number(node, "renewAt", DEFAULT_RENEW_AT, 0.1, 0.95),
        Bounds.positiveMillis(node, "startTimeoutMs", Duration.ofSeconds(30)),
        node.get("backoff").map(BackoffConfig::parse).orElse(DEFAULT_BACKOFF));
  }

  /** An https URL with a host and nothing after the port but an optional {@code /}. */
  private static URI url(ConfigNode node) {
    String text = node.asString();
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw node.error("'" + text + "' does not parse: " + e.getReason());
    }
    String expected = " (expected: https://<host>[:<port>], such as"
        + " https://hoplink-identity.hoplink.svc.cluster.local:8443)";
    if (!"https".equals(url.getScheme())) {
      throw node.error("'" + text + "' is not https: the request carries the pod's token"
          + expected);
    }
    if (url.getHost() == null || url.getUserInfo() != null || url.getQuery() != null
        || url.getFragment() != null || !(url.getRawPath() == null
        || url.getRawPath().isEmpty() || url.getRawPath().equals("/"))) {
      throw node.error("'" + text + "'" + expected);
    }
    return URI.create("https://" + url.getRawAuthority());
  }

  /** Where the issuer takes certificate requests. */
  public URI certifyUrl() {
    return url.resolve("/v1/certify");
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", url.toString());
    out.put("trustBundle", trustBundle);
    out.put("tokenPath", tokenPath);
    out.put("dir", dir);
    out.put("renewAt", renewAt);
    out.put("startTimeoutMs", startTimeout.toMillis());
    out.put("backoff", backoff.toPlain());
    return out;
  }
}
