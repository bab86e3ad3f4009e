package io.hoplink.router.identifiers;

import io.hoplink.naming.NamerContext;
import io.hoplink.config.Plugin;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;

/** The identifier family: {@code routers[].identifier} blocks, found by kind. */
public interface IdentifierPlugin<C extends PluginConfig> extends Plugin<C> {
  String FAMILY = "identifier";

  /** The identifier for one router, whose names start with {@code dstPrefix}. */
  Identifier newIdentifier(C config, Path dstPrefix);

  /**
   * As {@link #newIdentifier(PluginConfig, Path)}, for an identifier that needs the process's
   * surroundings (the environment, threads: one that watches the Kubernetes API).
   */
  default Identifier newIdentifier(C config, Path dstPrefix, NamerContext ctx) {
    return newIdentifier(config, dstPrefix);
  }

  /** Builds from a config this plugin parsed. */
  @SuppressWarnings("unchecked")
  default Identifier newIdentifierUnchecked(PluginConfig config, Path dstPrefix,
      NamerContext ctx) {
    return newIdentifier((C) config, dstPrefix, ctx);
  }
}
