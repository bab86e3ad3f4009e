package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Path;

/**
 * Linkerd's {@code io.l5d.replace}: binds {@code path} and puts it in place of every bound leaf of the tree (negative, empty and failing branches stay). The path is bound with an empty dtab over the
 * configured and system namers; its ids become {@code /%/io.l5d.replace<path>}.
 *
 * <pre>
 * transformers:
 * - kind: io.l5d.replace
 *   path: /$/inet/127.0.0.1/4141
 * </pre>
 */
public final class ReplaceTransformerPlugin implements TransformerPlugin<ReplaceTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.replace";

  /** The parsed block. */
  public record Config(String kind, Path prefix, Path path) implements TransformerConfig {
    public Config {
      requireNonNull(kind, "kind");
      requireNonNull(prefix, "prefix");
      requireNonNull(path, "path");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    TransformerKeys.requireOnly(node, "path");
    return new Config(KIND, TransformerKeys.prefix(node, Path.of(KIND)),
        TransformerKeys.path(node.required("path")));
  }

  @Override
  public NameTreeTransformer newTransformer(Config config, TransformerContext ctx) {
    return new PathTransformer(config.idPrefix(), config.path(), false, ctx.interpreter());
  }
}
