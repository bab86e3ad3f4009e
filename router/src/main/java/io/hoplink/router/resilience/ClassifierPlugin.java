package io.hoplink.router.resilience;

import io.hoplink.config.Plugin;
import io.hoplink.config.PluginConfig;

/** The classifier family: {@code service.responseClassifier} blocks, found by kind. */
public interface ClassifierPlugin<C extends PluginConfig> extends Plugin<C> {
  String FAMILY = "classifier";

  ResponseClassifier newClassifier(C config);

  /** Builds from a config this plugin parsed. */
  @SuppressWarnings("unchecked")
  default ResponseClassifier newClassifierUnchecked(PluginConfig config) {
    return newClassifier((C) config);
  }
}
