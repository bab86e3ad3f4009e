package io.hoplink.router.tracing;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.Plugin;
import io.hoplink.config.PluginConfig;
import java.util.Set;

/**
 * The trace propagator family: a router's {@code tracePropagator} block, found by kind through
 * {@code META-INF/services/io.hoplink.router.tracing.TracePropagatorPlugin}. Linkerd's kinds take
 * no parameters.
 */
public interface TracePropagatorPlugin extends Plugin<TracePropagatorPlugin.Config> {
  String FAMILY = "tracePropagator";
  /** A router without a {@code tracePropagator} has Linkerd's default. */
  String DEFAULT_KIND = LinkerdTracePropagatorPlugin.KIND;

  /** A parsed block: its kind alone. */
  record Config(String kind) implements PluginConfig {}

  @Override
  default Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind"));
    return new Config(kind());
  }

  TracePropagator newPropagator();
}
