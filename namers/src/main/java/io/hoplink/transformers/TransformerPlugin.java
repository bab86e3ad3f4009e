package io.hoplink.transformers;

import io.hoplink.config.Plugin;
import io.hoplink.config.PluginConfig;

/**
 * A kind of transformer, found through
 * {@code META-INF/services/io.hoplink.transformers.TransformerPlugin} by its {@code kind:}
 * (for example {@code io.l5d.port}). Transformers rewrite bound names after binding: a router's
 * {@code interpreter.transformers} apply to every tree the router binds, a namer's
 * {@code transformers} to that namer's answers.
 */
public interface TransformerPlugin<C extends TransformerConfig> extends Plugin<C> {
  /** The plugin family name used in config errors and registries. */
  String FAMILY = "transformer";

  /** Builds the running transformer; it may start watches through {@code ctx}. */
  NameTreeTransformer newTransformer(C config, TransformerContext ctx);

  /** {@link #newTransformer} for a config this plugin parsed. */
  @SuppressWarnings("unchecked")
  default NameTreeTransformer newTransformerUnchecked(PluginConfig config, TransformerContext ctx) {
    return newTransformer((C) config, ctx);
  }
}
