package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The plugins of one family, keyed by kind. Two plugins with one kind are refused when the
 * registry is built; an unknown kind is refused with the list of known ones.
 */
public final class PluginRegistry<P extends Plugin<?>> {
  private final String family;
  private final Map<String, P> byKind;

  private PluginRegistry(String family, Collection<? extends P> plugins) {
    this.family = family;
    Map<String, P> map = new TreeMap<>();
    for (P plugin : plugins) {
      P previous = map.putIfAbsent(plugin.kind(), plugin);
      if (previous != null) {
        throw new IllegalStateException("two " + family + " plugins have kind '" + plugin.kind()
            + "': " + previous.getClass().getName() + " and " + plugin.getClass().getName());
      }
    }
    this.byKind = Map.copyOf(map);
  }

  /** Every implementation of {@code service} on the class path. */
  public static <P extends Plugin<?>> PluginRegistry<P> load(String family, Class<P> service) {
    requireNonNull(service, "service");
    List<P> plugins = ServiceLoader.load(service, service.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get).toList();
    return new PluginRegistry<>(family, plugins);
  }

  /** Exactly the given plugins, for tests and embedding. */
  @SafeVarargs
  public static <P extends Plugin<?>> PluginRegistry<P> of(String family, P... plugins) {
    return new PluginRegistry<>(family, List.of(plugins));
  }

  public String family() {
    return family;
  }

  public Collection<String> kinds() {
    return new TreeMap<>(byKind).keySet();
  }

  /** Whether a plugin of {@code kind} is registered. */
  public boolean has(String kind) {
    return byKind.containsKey(kind);
  }

  /** The plugin for {@code kind}, failing on {@code at} when there is none. */
  public P get(String kind, ConfigNode at) {
    P plugin = byKind.get(kind);
    if (plugin == null) {
      throw at.error("unknown " + family + " kind '" + kind + "' (kinds hoplink builds: "
          + String.join(", ", kinds()) + ")");
    }
    return plugin;
  }

  /** The plugin that parsed {@code config}. */
  public P of(PluginConfig config) {
    P plugin = byKind.get(config.kind());
    if (plugin == null) {
      throw new IllegalStateException("no " + family + " plugin for kind " + config.kind());
    }
    return plugin;
  }

  /** Parses a block with a required {@code kind} by the plugin of that kind. */
  public PluginConfig parse(ConfigNode node) {
    String kind = node.required("kind").asString();
    return get(kind, node.required("kind")).parse(node.withKind(kind));
  }

  /** Parses a block whose {@code kind} may be left out, in which case it is {@code defaultKind}. */
  public PluginConfig parse(ConfigNode node, String defaultKind) {
    String kind = node.get("kind").map(ConfigNode::asString).orElse(defaultKind);
    ConfigNode at = node.get("kind").orElse(node);
    return get(kind, at).parse(node.withKind(kind));
  }
}
