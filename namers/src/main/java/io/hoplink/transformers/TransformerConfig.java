package io.hoplink.transformers;

import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;

/**
 * The parsed block of one transformer. Every transformer accepts {@code kind} and
 * {@code prefix}; the bound names it makes are {@code /%<prefix><original id>}, as in Linkerd.
 */
public interface TransformerConfig extends PluginConfig {
  /** The prefix without {@code /%}, such as {@code /io.l5d.port/4141}. */
  Path prefix();

  /** The prefix of the ids this transformer makes: {@code /%/io.l5d.port/4141}. */
  default Path idPrefix() {
    return Path.of("%").concat(prefix());
  }
}
