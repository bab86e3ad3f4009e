package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The plugin registries a config is parsed with, by family ({@code namer}, {@code identifier},
 * {@code telemeter}, {@code transformer}, {@code classifier}, {@code failureAccrual}, ...). A
 * family nobody registered acts as an empty registry.
 */
public final class Plugins {
  private final Map<String, PluginRegistry<?>> byFamily;

  private Plugins(Map<String, PluginRegistry<?>> byFamily) {
    this.byFamily = Map.copyOf(byFamily);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No plugins at all: every kind is unbuilt or unknown. */
  public static Plugins none() {
    return builder().build();
  }

  /** The registry of {@code family}; an empty one when none was added. */
  public PluginRegistry<?> registry(String family) {
    requireNonNull(family, "family");
    PluginRegistry<?> registry = byFamily.get(family);
    return registry != null ? registry : PluginRegistry.of(family);
  }

  /** Parses a plugin block whose {@code kind} is required. */
  public PluginConfig parse(String family, ConfigNode node) {
    return parse(family, node, null, null);
  }

  /** Parses a plugin block whose {@code kind} defaults to {@code defaultKind}. */
  public PluginConfig parse(String family, ConfigNode node, String defaultKind) {
    return parse(family, node, defaultKind, null);
  }

  /**
   * Parses a block by the registry of {@code family}, or else as an {@link UnbuiltPluginConfig}
   * when the kind is in {@link UnbuiltKinds}: with a warning, unless the result equals
   * {@code quietWhenEqual} (a default written out in full is not worth a warning).
   */
  PluginConfig parse(String family, ConfigNode node, String defaultKind, PluginConfig quietWhenEqual) {
    requireNonNull(family, "family");
    requireNonNull(node, "node");
    ConfigNode at = node.get("kind").orElse(node);
    String kind = defaultKind == null ? node.required("kind").asString()
        : node.get("kind").map(ConfigNode::asString).orElse(defaultKind);
    PluginRegistry<?> registry = registry(family);
    if (registry.has(kind)) {
      return registry.get(kind, at).parse(node.withKind(kind));
    }
    if (!UnbuiltKinds.contains(family, kind)) {
      // Only the kinds that work: Linkerd's kinds hoplink accepts without effect are no advice.
      throw at.error("unknown " + family + " kind '" + kind + "' (kinds hoplink builds: "
          + String.join(", ", new TreeSet<>(registry.kinds())) + ")");
    }
    if (UnbuiltKinds.mustWork(family)) {
      String built = registry.kinds().isEmpty() ? "none yet" : String.join(", ", registry.kinds());
      throw at.error(family + " kind '" + kind + "' is not supported yet (supported: " + built + ")");
    }
    UnbuiltPluginConfig config = unbuilt(kind, node);
    if (!config.equals(quietWhenEqual)) {
      node.withKind(kind).warn("kind " + kind + " is accepted but not built yet; it has no effect");
    }
    return config;
  }

  /**
   * The implicit block {@code block} (plain values, with {@code kind}) as if written under
   * {@code key} of {@code parent}: parsed by its plugin when one is registered, else kept as an
   * {@link UnbuiltPluginConfig} without a warning, since nobody wrote it.
   */
  PluginConfig parseDefault(String family, ConfigNode parent, String key, Map<String, Object> block) {
    ConfigNode node = parent.synthetic(key, block);
    String kind = (String) block.get("kind");
    if (registry(family).has(kind) || UnbuiltKinds.mustWork(family)) {
      return parse(family, node);
    }
    return unbuilt(kind, node);
  }

  private static UnbuiltPluginConfig unbuilt(String kind, ConfigNode node) {
    Map<String, Object> params = new LinkedHashMap<>();
    node.children().forEach((key, value) -> {
      if (!key.equals("kind")) {
        params.put(key, value.toPlain());
      }
    });
    return new UnbuiltPluginConfig(kind, params);
  }

  /** Collects registries; two registries of one family are refused. */
  public static final class Builder {
    private final Map<String, PluginRegistry<?>> byFamily = new LinkedHashMap<>();

    private Builder() {}

    public Builder add(PluginRegistry<?> registry) {
      requireNonNull(registry, "registry");
      if (byFamily.putIfAbsent(registry.family(), registry) != null) {
        throw new IllegalStateException("two registries for plugin family '" + registry.family() + "'");
      }
      return this;
    }

    public Plugins build() {
      return new Plugins(byFamily);
    }
  }
}
