package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A router's {@code interpreter}: how names are bound. Linkerd's {@code default} (the router's
 * dtab over the configured namers), {@code io.l5d.fs} (a dtab from {@code dtabFile}, then the
 * router's) and {@code io.l5d.k8s.configMap} (a dtab from a ConfigMap key, then the router's:
 * {@link ConfigMapDtabConfig}) are supported; their transformers rewrite bound addresses.
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
public record InterpreterConfig(String kind, List<PluginConfig> transformers,
    Optional<String> dtabFile, Optional<ConfigMapDtabConfig> configMap) implements PlainRenderable {
  public static final String DEFAULT = "default";
  /** Linkerd's io.l5d.fs interpreter: the configured namers, with a dtab read from a file. */
  public static final String FS = "io.l5d.fs";
  private static final String SUPPORTED = "default, io.l5d.fs, " + ConfigMapDtabConfig.KIND;
  private static final Set<String> NOT_YET = Set.of("io.l5d.namerd", "io.l5d.namerd.http", "io.l5d.mesh");

  public InterpreterConfig {
    requireNonNull(kind, "kind");
    transformers = List.copyOf(transformers);
    requireNonNull(dtabFile, "dtabFile");
    requireNonNull(configMap, "configMap");
  }

  public InterpreterConfig(String kind, List<PluginConfig> transformers, Optional<String> dtabFile) {
    this(kind, transformers, dtabFile, Optional.empty());
  }

  public InterpreterConfig(String kind, List<PluginConfig> transformers) {
    this(kind, transformers, Optional.empty());
  }

  public static InterpreterConfig defaults() {
    return new InterpreterConfig(DEFAULT, List.of());
  }

  static InterpreterConfig parse(ConfigNode node, Plugins plugins) {
    String kind = node.string("kind", DEFAULT);
    if (NOT_YET.contains(kind)) {
      throw node.required("kind").error("interpreter kind '" + kind
          + "' is not supported yet (supported: " + SUPPORTED + ")");
    }
    if (!kind.equals(DEFAULT) && !kind.equals(FS) && !kind.equals(ConfigMapDtabConfig.KIND)) {
      throw node.required("kind").error("unknown interpreter kind '" + kind + "' (known kinds: "
          + SUPPORTED + ", " + String.join(", ", new java.util.TreeSet<>(NOT_YET)) + ")");
    }
    if (kind.equals(ConfigMapDtabConfig.KIND)) {
      ConfigNode block = node.withKind(kind);
      ConfigMapDtabConfig configMap = ConfigMapDtabConfig.parse(block);
      return new InterpreterConfig(kind, block.list("transformers",
          t -> plugins.parse("transformer", t)), Optional.empty(), Optional.of(configMap));
    }
    if (kind.equals(FS)) {
      node.requireOnlyKeys(Set.of("kind", "transformers", "dtabFile"));
      ConfigNode file = node.required("dtabFile");
      String path = file.asString();
      file.requireFromPod(java.nio.file.Files.isReadable(java.nio.file.Path.of(path)),
          "'" + path + "' cannot be read (expected: a file holding the router's dtab)");
      return new InterpreterConfig(kind, node.list("transformers",
          t -> plugins.parse("transformer", t)), Optional.of(path));
    }
    node.requireOnlyKeys(Set.of("kind", "transformers"));
    return new InterpreterConfig(kind, node.list("transformers", t -> plugins.parse("transformer", t)));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind);
    dtabFile.ifPresent(f -> out.put("dtabFile", f));
    configMap.ifPresent(c -> out.putAll(c.toPlain()));
    out.put("transformers", transformers.stream().map(PluginConfig::toPlain).toList());
    return out;
  }
}
