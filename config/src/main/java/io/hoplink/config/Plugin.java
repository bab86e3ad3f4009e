package io.hoplink.config;

/**
 * A configurable piece found by its {@code kind:} string through {@link java.util.ServiceLoader}.
 * Each plugin family (namers, identifiers, transformers, ...) extends this with the method that
 * builds its runtime object from the parsed config.
 *
 * @param <C> the plain-data record the plugin's YAML block parses into
 */
public interface Plugin<C extends PluginConfig> {
  /** The {@code kind:} value, for example {@code io.l5d.fs}. */
  String kind();

  /**
   * Checks and defaults the plugin's block. The node is a map that still holds {@code kind}; the
   * plugin must reject keys it does not know ({@link ConfigNode#requireOnlyKeys}).
   */
  C parse(ConfigNode node);
}
