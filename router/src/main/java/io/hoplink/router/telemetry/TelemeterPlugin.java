package io.hoplink.router.telemetry;

import io.hoplink.config.Plugin;
import io.hoplink.config.PluginConfig;

/**
 * The telemeter family: entries of the top-level {@code telemetry:} list, found by kind through
 * {@code META-INF/services/io.hoplink.router.telemetry.TelemeterPlugin}.
 *
 * @param <C> the parsed config record of the kind
 */
public interface TelemeterPlugin<C extends PluginConfig> extends Plugin<C> {
  String FAMILY = "telemeter";

  /** Builds the running telemeter over the process's metric tree. */
  Telemeter newTelemeter(C config, Metrics metrics);

  /** Builds from a config this plugin parsed. */
  @SuppressWarnings("unchecked")
  default Telemeter newTelemeterUnchecked(PluginConfig config, Metrics metrics) {
    return newTelemeter((C) config, metrics);
  }
}
