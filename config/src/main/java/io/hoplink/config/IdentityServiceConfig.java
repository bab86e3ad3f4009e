package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The config of {@code hoplink identity CONFIG}: the in-cluster issuer that signs a router's
 * certificate request once the Kubernetes API (a TokenReview) vouches for the service account
 * token sent with it, for the names of that service account.
 *
 * <pre>
 * ip: 0.0.0.0
 * port: 8443
 * issuer: {certPath: /var/run/hoplink/issuer/tls.crt, keyPath: /var/run/hoplink/issuer/tls.key}
 * trustBundle: /var/run/hoplink/issuer/ca.crt
 * dnsNames: [hoplink-identity.hoplink.svc, hoplink-identity.hoplink.svc.cluster.local]
 * lifetimeSecs: 86400
 * trustDomain: cluster.local
 * audience: hoplink-identity
 * serviceAccounts: [default/l5d]
 * kubernetes: {host: localhost, port: 8001}   # absent: the pod's service account
 * rateLimit: {requestsPerSec: 100, clientRequestsPerMin: 30}
 * </pre>
 *
 * @param dnsNames the names of its own serving certificate (its Service's DNS names)
 * @param lifetime of each certificate it signs, its own included
 * @param audience asked of the TokenReview: only tokens made for it are taken
 * @param serviceAccounts {@code namespace/name} of each service account that may have a
 *     certificate
 * @param requestsPerSec all requests together, with a burst of as many
 * @param clientRequestsPerMin from one client address, with a burst of as many
 */
public record IdentityServiceConfig(
    String ip,
    int port,
    String issuerCertPath,
    String issuerKeyPath,
    String trustBundle,
    List<String> dnsNames,
    Duration lifetime,
    String trustDomain,
    Optional<String> audience,
    List<String> serviceAccounts,
    Optional<String> kubeHost,
    Optional<Integer> kubePort,
    int requestsPerSec,
    int clientRequestsPerMin,
    List<String> warnings) implements PlainRenderable {

  private static final Set<String> KEYS = Set.of("ip", "port", "issuer", "trustBundle",
      "dnsNames", "lifetimeSecs", "trustDomain", "audience", "serviceAccounts", "kubernetes",
      "rateLimit");
  private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern DNS = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  /** Kubernetes: a namespace is a DNS label, a service account a DNS subdomain. */
  private static final Pattern ACCOUNT = Pattern.compile("(" + LABEL + ")/(" + LABEL + "(\\."
      + LABEL + ")*)");
  private static final long MAX_LIFETIME_SECS = 365L * 24 * 3600;

  public IdentityServiceConfig {
    requireNonNull(ip, "ip");
    requireNonNull(issuerCertPath, "issuerCertPath");
    requireNonNull(issuerKeyPath, "issuerKeyPath");
    requireNonNull(trustBundle, "trustBundle");
    dnsNames = List.copyOf(dnsNames);
    requireNonNull(lifetime, "lifetime");
    requireNonNull(trustDomain, "trustDomain");
    requireNonNull(audience, "audience");
    serviceAccounts = List.copyOf(serviceAccounts);
    requireNonNull(kubeHost, "kubeHost");
    requireNonNull(kubePort, "kubePort");
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads a config file, or the ConfigMap manifest holding it (as {@code hoplink CONFIG} does);
   * {@code awayFromPod} (for {@code check}) makes a missing mounted file a warning.
   *
   * @throws ConfigException naming the YAML path and line:column of the first problem
   */
  public static IdentityServiceConfig load(String yamlText, boolean awayFromPod) {
    requireNonNull(yamlText, "yamlText");
    List<ConfigNode> documents = YamlLoader.loadAll(yamlText);
    Optional<String> inManifest = ConfigMapManifest.config(documents, yamlText);
    ConfigNode root = inManifest.isPresent() ? YamlLoader.load(inManifest.get())
        : documents.get(0);
    return parse(awayFromPod ? root.awayFromPod() : root);
  }

  static IdentityServiceConfig parse(ConfigNode root) {
    root.requireOnlyKeys(KEYS);
    ConfigNode issuer = root.required("issuer");
    issuer.requireOnlyKeys(Set.of("certPath", "keyPath"));
    ConfigNode kube = root.get("kubernetes").orElse(null);
    if (kube != null) {
      kube.requireOnlyKeys(Set.of("host", "port"));
    }
    ConfigNode limits = root.get("rateLimit").orElse(null);
    if (limits != null) {
      limits.requireOnlyKeys(Set.of("requestsPerSec", "clientRequestsPerMin"));
    }
    return new IdentityServiceConfig(
        IpLiteral.read(root, "ip", "0.0.0.0"),
        Bounds.integer(root, "port", 8443, 0, 65535),
        TlsFiles.file(issuer.required("certPath")),
        TlsFiles.file(issuer.required("keyPath")),
        TlsFiles.file(root.required("trustBundle")),
        atLeastOne(root.required("dnsNames"), n -> dns(n, "a DNS name such as"
            + " hoplink-identity.hoplink.svc, no wildcards")),
        Duration.ofSeconds(root.get("lifetimeSecs").map(n -> {
          long secs = n.asLong();
          if (secs < 1 || secs > MAX_LIFETIME_SECS) {
            throw n.error(secs + " (expected: 1 to " + MAX_LIFETIME_SECS + ", 365 days)");
          }
          return secs;
        }).orElse(24L * 3600)),
        root.get("trustDomain").map(n -> dns(n, "a domain such as cluster.local"))
            .orElse("cluster.local"),
        root.get("audience").map(n -> KubeApiKeys.nonEmpty(n, "a token audience such as"
            + " hoplink-identity")),
        atLeastOne(root.required("serviceAccounts"), IdentityServiceConfig::account),
        kube == null ? Optional.empty() : KubeApiKeys.host(kube),
        kube == null ? Optional.empty() : KubeApiKeys.port(kube),
        limits == null ? 100 : Bounds.integer(limits, "requestsPerSec", 100, 1, 100_000),
        limits == null ? 30 : Bounds.integer(limits, "clientRequestsPerMin", 30, 1, 100_000),
        root.warnings());
  }

  private static List<String> atLeastOne(ConfigNode list,
      java.util.function.Function<ConfigNode, String> parse) {
    List<String> values = list.elementsOrSingle().stream().map(parse).distinct().toList();
    if (values.isEmpty()) {
      throw list.error("expected at least one");
    }
    return values;
  }

  private static String dns(ConfigNode node, String expected) {
    String value = node.asString();
    if (value.length() > 253 || !DNS.matcher(value).matches()) {
      throw node.error("'" + value + "' (expected: " + expected + ")");
    }
    return value;
  }

  private static String account(ConfigNode node) {
    String value = node.asString();
    if (value.length() > 317 || !ACCOUNT.matcher(value).matches()) {
      throw node.error("'" + value + "' (expected: namespace/name of a service account, such"
          + " as default/l5d; no wildcards)");
    }
    return value;
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ip", ip);
    out.put("port", port);
    Map<String, Object> issuer = new LinkedHashMap<>();
    issuer.put("certPath", issuerCertPath);
    issuer.put("keyPath", issuerKeyPath);
    out.put("issuer", issuer);
    out.put("trustBundle", trustBundle);
    out.put("dnsNames", dnsNames);
    out.put("lifetimeSecs", lifetime.toSeconds());
    out.put("trustDomain", trustDomain);
    audience.ifPresent(a -> out.put("audience", a));
    out.put("serviceAccounts", serviceAccounts);
    if (kubeHost.isPresent() || kubePort.isPresent()) {
      Map<String, Object> kube = new LinkedHashMap<>();
      kubeHost.ifPresent(h -> kube.put("host", h));
      kubePort.ifPresent(p -> kube.put("port", p));
      out.put("kubernetes", kube);
    }
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("requestsPerSec", requestsPerSec);
    limits.put("clientRequestsPerMin", clientRequestsPerMin);
    out.put("rateLimit", limits);
    return out;
  }
}
