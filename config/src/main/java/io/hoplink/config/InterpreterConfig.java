package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public record InterpreterConfig(String kind, List<PluginConfig> transformers,
    Optional<String> dtabFile) implements PlainRenderable {
  public static final String DEFAULT = "default";
  /** Linkerd's io.l5d.fs interpreter: the configured namers, with a dtab read from a file. */
  public static final String FS = "io.l5d.fs";
  private static final Set<String> NOT_YET = Set.of("io.l5d.namerd", "io.l5d.namerd.http", "io.l5d.mesh",
      "io.l5d.k8s.configMap");

  public InterpreterConfig {
    requireNonNull(kind, "kind");
    transformers = List.copyOf(transformers);
    requireNonNull(dtabFile, "dtabFile");
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
          + "' is not supported yet (supported: default, io.l5d.fs)");
    }
    if (!kind.equals(DEFAULT) && !kind.equals(FS)) {
      throw node.required("kind").error("unknown interpreter kind '" + kind + "' (known kinds: default, "
          + "io.l5d.fs, " + String.join(", ", new java.util.TreeSet<>(NOT_YET)) + ")");
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
    out.put("transformers", transformers.stream().map(PluginConfig::toPlain).toList());
    return out;
  }
}
