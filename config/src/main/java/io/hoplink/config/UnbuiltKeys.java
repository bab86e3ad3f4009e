package io.hoplink.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Linkerd keys hoplink accepts before it builds their feature: kept as written, and warned about. */
final class UnbuiltKeys {
  static final String NO_EFFECT = "accepted but not built yet; it has no effect";

  private UnbuiltKeys() {}

  /** The plain values of those {@code keys} present in {@code node}, each with a warning. */
  static Map<String, Object> take(ConfigNode node, Collection<String> keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    node.children().forEach((key, value) -> {
      if (keys.contains(key)) {
        value.warn(NO_EFFECT);
        out.put(key, value.toPlain());
      }
    });
    return out;
  }

  /** An unmodifiable copy that keeps the written order (and null values, as YAML allows). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> frozen(Map<String, Object> values) {
    return (Map<String, Object>) PlainValues.frozen(Objects.requireNonNull(values, "values"));
  }

  /** Warns on {@code node} when {@code parsed} differs from the default. */
  static <T> T unlessDefault(ConfigNode node, T parsed, T fallback) {
    if (!Objects.equals(parsed, fallback)) {
      node.warn(NO_EFFECT);
    }
    return parsed;
  }
}
