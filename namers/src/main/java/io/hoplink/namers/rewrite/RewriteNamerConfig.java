package io.hoplink.namers.rewrite;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.PluginConfig;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.Path;
import java.util.List;

/**
 * The parsed {@code io.l5d.rewrite} block.
 *
 * @param pattern matched against the start of each looked-up path: {@code *} is any segment,
 *     {@code {var}} captures one
 * @param name the path to bind instead, with each {@code {var}} replaced
 */
public record RewriteNamerConfig(String kind, Path prefix, String pattern, String name,
    List<PluginConfig> transformers) implements NamerConfig {
  public RewriteNamerConfig {
    requireNonNull(kind, "kind");
    requireNonNull(prefix, "prefix");
    requireNonNull(pattern, "pattern");
    requireNonNull(name, "name");
    transformers = List.copyOf(transformers);
  }
}
