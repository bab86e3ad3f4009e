package io.hoplink.config;

/** The parsed, immutable config of one plugin block. Implemented by records. */
public interface PluginConfig {
  /** The {@code kind:} this block was parsed by. */
  String kind();
}
