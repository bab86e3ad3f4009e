package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A router's {@code interpreter}: how names are bound. Only Linkerd's {@code default} interpreter
 * (the router's dtab over the configured namers) is supported; its transformers rewrite bound
 * addresses.
 *
 * <pre>
 * interpreter:
 *   kind: default
 *   transformers:
 *   - kind: io.l5d.k8s.daemonset
 *     namespace: default
 *     port: incoming
 *     service: l5d
 * </pre>
 */
public record InterpreterConfig(String kind, List<PluginConfig> transformers) implements PlainRenderable {
  public static final String DEFAULT = "default";
  private static final Set<String> NOT_YET = Set.of("io.l5d.namerd", "io.l5d.namerd.http", "io.l5d.mesh",
      "io.l5d.fs", "io.l5d.k8s.configMap");

  public InterpreterConfig {
    requireNonNull(kind, "kind");
    transformers = List.copyOf(transformers);
  }

  public static InterpreterConfig defaults() {
    return new InterpreterConfig(DEFAULT, List.of());
  }

  static InterpreterConfig parse(ConfigNode node, Plugins plugins) {
    String kind = node.string("kind", DEFAULT);
    if (NOT_YET.contains(kind)) {
      throw node.required("kind").error("interpreter kind '" + kind + "' is not supported yet (supported: default)");
    }
    if (!kind.equals(DEFAULT)) {
      throw node.required("kind").error("unknown interpreter kind '" + kind + "' (known kinds: default, "
          + String.join(", ", new java.util.TreeSet<>(NOT_YET)) + ")");
    }
    node.requireOnlyKeys(Set.of("kind", "transformers"));
    return new InterpreterConfig(kind, node.list("transformers", t -> plugins.parse("transformer", t)));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind);
    out.put("transformers", transformers.stream().map(PluginConfig::toPlain).toList());
    return out;
  }
}
