package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A router's {@code bindingCache}: how many names, trees, bound names and clients are cached.
 *
 * <pre>
 * bindingCache: {paths: 1000, trees: 1000, bounds: 1000, clients: 1000, idleTtlSecs: 600}
 * </pre>
 */
public record BindingCacheConfig(int paths, int trees, int bounds, int clients, Duration idleTtl)
    implements PlainRenderable {

  public BindingCacheConfig {
    requireNonNull(idleTtl, "idleTtl");
  }

  /** Linkerd 1.7's defaults. */
  public static BindingCacheConfig defaults() {
    return new BindingCacheConfig(1000, 1000, 1000, 1000, Duration.ofMinutes(10));
  }

  static BindingCacheConfig parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("paths", "trees", "bounds", "clients", "idleTtlSecs"));
    BindingCacheConfig d = defaults();
    return new BindingCacheConfig(size(node, "paths", d.paths()), size(node, "trees", d.trees()),
        size(node, "bounds", d.bounds()), size(node, "clients", d.clients()),
        Duration.ofSeconds(Bounds.integer(node, "idleTtlSecs", (int) d.idleTtl().toSeconds(), 1, Integer.MAX_VALUE)));
  }

  private static int size(ConfigNode node, String key, int fallback) {
    return Bounds.integer(node, key, fallback, 1, Integer.MAX_VALUE);
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("paths", paths);
    out.put("trees", trees);
    out.put("bounds", bounds);
    out.put("clients", clients);
    out.put("idleTtlSecs", idleTtl.toSeconds());
    return out;
  }
}
