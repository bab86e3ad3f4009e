package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin block of a Linkerd kind that hoplink accepts but does not build yet (a
 * {@code io.l5d.zipkin} telemeter, say). Its keys are kept as written, so {@code /config.json}
 * still shows them; loading records a warning that the block has no effect.
 *
 * @param params the block's keys other than {@code kind}, as plain values
 */
public record UnbuiltPluginConfig(String kind, Map<String, Object> params) implements PluginConfig {

  public UnbuiltPluginConfig {
    requireNonNull(kind, "kind");
    params = UnbuiltKeys.frozen(requireNonNull(params, "params"));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind);
    out.putAll(params);
    return out;
  }
}
