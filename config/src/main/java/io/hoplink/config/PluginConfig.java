package io.hoplink.config;

import java.util.Map;

/** The parsed, immutable config of one plugin block. Implemented by records. */
public interface PluginConfig extends PlainRenderable {
  /** The {@code kind:} this block was parsed by. */
  String kind();

  /**
   * {@code kind} plus each record component under its own name; a {@code Duration} component
   * {@code x} is written as milliseconds under {@code xMs} (unless its name already ends in
   * {@code Ms} or {@code Secs}), an empty {@code Optional} is left out. A plugin whose keys do not
   * follow its component names overrides this, so that rendering and parsing round-trip.
   */
  @Override
  default Map<String, Object> toPlain() {
    return PlainRenderer.renderRecord(this);
  }
}
