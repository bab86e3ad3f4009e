package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Path;

/**
 * Linkerd's {@code io.l5d.const}: binds {@code path} and uses it instead of the whole tree. The path is bound with an empty dtab over the
 * configured and system namers; its ids become {@code /%/io.l5d.const<path>}.
 *
 * <pre>
 * transformers:
 * - kind: io.l5d.const
 *   path: /$/inet/127.0.0.1/4141
 * </pre>
 */
public final class ConstTransformerPlugin implements TransformerPlugin<ConstTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.const";

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
    return new PathTransformer(config.idPrefix(), config.path(), true, ctx.interpreter());
  }
}
