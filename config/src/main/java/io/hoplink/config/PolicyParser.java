package io.hoplink.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Reads a {@code client:} or {@code service:} block into a {@link PrefixPolicy}. */
final class PolicyParser<T> {
  private final String block;
  private final Map<String, Function<ConfigNode, Object>> readers;
  private final Set<String> unbuilt;
  private final Map<String, Object> defaults;
  private final BiFunction<Map<String, Object>, Map<String, String>, Map<String, Object>> substitute;
  private final Function<Map<String, Object>, T> complete;

  PolicyParser(String block, Map<String, Function<ConfigNode, Object>> readers, Set<String> unbuilt,
      Map<String, Object> defaults,
      BiFunction<Map<String, Object>, Map<String, String>, Map<String, Object>> substitute,
      Function<Map<String, Object>, T> complete) {
    this.block = block;
    this.readers = readers;
    this.unbuilt = unbuilt;
    this.defaults = defaults;
    this.substitute = substitute;
    this.complete = complete;
  }

  PrefixPolicy<T> parse(Optional<ConfigNode> maybeNode) {
    if (maybeNode.isEmpty()) {
      return policy(PrefixPolicy.GLOBAL, List.of(new PrefixPolicy.Entry(PathPattern.parse("/"), defaults)));
    }
    ConfigNode node = maybeNode.get();
    String kind = node.string("kind", PrefixPolicy.GLOBAL);
    switch (kind) {
      case PrefixPolicy.GLOBAL -> {
        Map<String, Object> values = new LinkedHashMap<>(defaults);
        values.putAll(read(node, "kind"));
        return policy(kind, List.of(new PrefixPolicy.Entry(PathPattern.parse("/"), values)));
      }
      case PrefixPolicy.STATIC -> {
        node.requireOnlyKeys(Set.of("kind", "configs"));
        List<PrefixPolicy.Entry> entries = new ArrayList<>();
        for (ConfigNode config : node.required("configs").elements()) {
          entries.add(new PrefixPolicy.Entry(prefix(config.required("prefix")), read(config, "prefix")));
        }
        return policy(kind, entries);
      }
      default -> throw node.required("kind").error("unknown " + block + " kind '" + kind
          + "' (expected: " + PrefixPolicy.GLOBAL + " or " + PrefixPolicy.STATIC + ")");
    }
  }

  private PrefixPolicy<T> policy(String kind, List<PrefixPolicy.Entry> entries) {
    return new PrefixPolicy<>(kind, entries, defaults, substitute, complete);
  }

  private Map<String, Object> read(ConfigNode node, String ownKey) {
    Set<String> allowed = new HashSet<>(readers.keySet());
    allowed.addAll(unbuilt);
    allowed.add(ownKey);
    node.requireOnlyKeys(allowed);
    Map<String, Object> values = new LinkedHashMap<>();
    node.children().forEach((key, value) -> {
      if (key.equals(ownKey) || value.isNull()) {
        return;
      }
      Function<ConfigNode, Object> reader = readers.get(key);
      if (reader != null) {
        values.put(key, reader.apply(value));
      } else {
        value.warn(UnbuiltKeys.NO_EFFECT);
        values.put(key, value.toPlain());
      }
    });
    return values;
  }

  private static PathPattern prefix(ConfigNode node) {
    try {
      return PathPattern.parse(node.asString());
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }
}
