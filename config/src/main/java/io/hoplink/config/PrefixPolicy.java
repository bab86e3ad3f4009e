package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A router's {@code client:} or {@code service:} block: either one {@code io.l5d.global} set of
 * keys, or {@code io.l5d.static} configs by prefix. For a path, every config whose prefix matches
 * applies in order, key by key: a later match overrides only the keys it sets; keys nobody sets
 * keep their defaults. Variables captured by a prefix are substituted into that config's strings.
 *
 * <pre>
 * client:
 *   kind: io.l5d.static
 *   configs:
 *   - prefix: /#/io.l5d.fs
 *     loadBalancer: {kind: ewma}
 *   - prefix: "/#/io.l5d.fs/{service}"
 *     tls: {commonName: "{service}.example"}
 * </pre>
 *
 * @param <T> the effective, fully defaulted parameters for one path
 */
public final class PrefixPolicy<T> implements PlainRenderable {
  public static final String GLOBAL = "io.l5d.global";
  public static final String STATIC = "io.l5d.static";

  /** One config: a prefix and the keys it sets, parsed. */
  record Entry(PathPattern prefix, Map<String, Object> values) {
    Entry {
      values = UnbuiltKeys.frozen(values);
    }
  }

  private final String kind;
  private final List<Entry> entries;
  private final Map<String, Object> defaults;
  private final BiFunction<Map<String, Object>, Map<String, String>, Map<String, Object>> substitute;
  private final Function<Map<String, Object>, T> complete;

  PrefixPolicy(String kind, List<Entry> entries, Map<String, Object> defaults,
      BiFunction<Map<String, Object>, Map<String, String>, Map<String, Object>> substitute,
      Function<Map<String, Object>, T> complete) {
    this.kind = kind;
    this.entries = List.copyOf(entries);
    this.defaults = UnbuiltKeys.frozen(defaults);
    this.substitute = substitute;
    this.complete = complete;
  }

  /** Whether any config of this policy sets {@code key}. */
  public boolean setsKey(String key) {
    return entries.stream().anyMatch(entry -> entry.values().containsKey(key));
  }

  /** Every value a config of this policy sets for {@code key}, as written (before captures). */
  public <V> List<V> configured(String key, Class<V> type) {
    return entries.stream().map(entry -> entry.values().get(key)).filter(type::isInstance)
        .map(type::cast).toList();
  }

  /** {@value #GLOBAL} or {@value #STATIC}. */
  public String kind() {
    return kind;
  }

  /** The parameters for the path with these segments (a bound id or a service name). */
  public T params(List<String> path) {
    requireNonNull(path, "path");
    Map<String, Object> merged = new LinkedHashMap<>(defaults);
    for (Entry entry : entries) {
      entry.prefix().match(path).ifPresent(vars -> merged.putAll(substitute.apply(entry.values(), vars)));
    }
    return complete.apply(merged);
  }

  /** The parameters for a path written as {@code /a/b/c}. */
  public T params(String path) {
    return params(PathPattern.segments(path));
  }

  /**
   * The parameters every path gets: the defaults with the global block (or the static configs
   * with prefix {@code /}) applied.
   */
  public T defaults() {
    return params(List.of());
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind);
    if (kind.equals(GLOBAL)) {
      entries.forEach(e -> e.values().forEach((k, v) -> PlainRenderer.put(out, k, v)));
      return out;
    }
    List<Object> configs = new ArrayList<>();
    for (Entry entry : entries) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("prefix", entry.prefix().toString());
      entry.values().forEach((k, v) -> PlainRenderer.put(config, k, v));
      configs.add(config);
    }
    out.put("configs", configs);
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PrefixPolicy<?> p && p.kind.equals(kind) && p.entries.equals(entries)
        && p.defaults.equals(defaults);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, entries, defaults);
  }

  @Override
  public String toString() {
    return "PrefixPolicy" + toPlain();
  }
}
