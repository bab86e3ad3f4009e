package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where Linkerd's {@code io.l5d.k8s.configMap} interpreter reads the router's dtab: the data key
 * {@code filename} of ConfigMap {@code namespace/name}, watched through the Kubernetes API at
 * {@code host:port} (as the k8s namer: a {@code kubectl proxy} at localhost:8001, or the pod's
 * service account when neither is set and the pod has one).
 *
 * <pre>
 * interpreter:
 *   kind: io.l5d.k8s.configMap
 *   experimental: true    # Linkerd requires it; hoplink accepts it
 *   namespace: default    # the default
 *   name: l5d-dtabs
 *   filename: outgoing.dtab
 * </pre>
 */
public record ConfigMapDtabConfig(Optional<String> host, Optional<Integer> port, String namespace,
    String name, String filename) implements PlainRenderable {
  public static final String KIND = "io.l5d.k8s.configMap";
  /** Linkerd's default namespace for its Kubernetes clients. */
  public static final String DEFAULT_NAMESPACE = "default";
  static final Set<String> KEYS = Set.of("kind", "transformers", "experimental", "host", "port",
      "namespace", "name", "filename");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  public ConfigMapDtabConfig {
    requireNonNull(host, "host");
    requireNonNull(port, "port");
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(filename, "filename");
  }

  /** Reads the block's own keys; {@code kind} and {@code transformers} are the caller's. */
  static ConfigMapDtabConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    node.get("experimental").ifPresent(ConfigNode::asBoolean);
    return new ConfigMapDtabConfig(KubeApiKeys.host(node), KubeApiKeys.port(node),
        node.get("namespace").map(n -> matching(n, LABEL, 63, "a namespace such as default"))
            .orElse(DEFAULT_NAMESPACE),
        matching(required(node, "name", "the ConfigMap's name, such as l5d-dtabs"), SUBDOMAIN, 253,
            "a ConfigMap name such as l5d-dtabs"),
        matching(required(node, "filename", "the key of the ConfigMap's data that holds the"
            + " dtab, such as outgoing.dtab"), DATA_KEY, 253,
            "a ConfigMap data key: letters, digits, '-', '_' and '.'"));
  }

  private static ConfigNode required(ConfigNode node, String key, String expected) {
    return node.get(key).orElseThrow(() -> node.error("missing required key '" + key
        + "' (expected: " + expected + ")"));
  }

  private static String matching(ConfigNode node, Pattern pattern, int maxLength,
      String expected) {
    String value = KubeApiKeys.nonEmpty(node, expected);
    if (value.length() > maxLength || !pattern.matcher(value).matches()) {
      throw node.error("'" + value + "' (expected: " + expected + ")");
    }
    return value;
  }

  /** {@code namespace/name key filename}, for messages. */
  public String show() {
    return namespace + "/" + name + " key " + filename;
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    host.ifPresent(h -> out.put("host", h));
    port.ifPresent(p -> out.put("port", p));
    out.put("namespace", namespace);
    out.put("name", name);
    out.put("filename", filename);
    return out;
  }
}
