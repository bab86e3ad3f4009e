package io.hoplink.naming;

import io.hoplink.config.Plugin;

/**
 * A kind of namer, found through {@code META-INF/services/io.hoplink.naming.NamerPlugin} by its
 * {@code kind:} (for example {@code io.l5d.fs}). The router registers the namer it builds under
 * {@link NamerConfig#dtabPrefix()}.
 */
public interface NamerPlugin<C extends NamerConfig> extends Plugin<C> {
  /** Builds the running namer; it may start background threads through {@code ctx}. */
  Namer newNamer(C config, NamerContext ctx);
}
