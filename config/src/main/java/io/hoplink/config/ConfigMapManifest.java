package io.hoplink.config;

import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes ConfigMap manifest given where a config is expected (the DaemonSet's
 * {@code l5d-config.yaml}): the config is its {@code data} entry {@code config.yaml}, or its only
 * entry. Errors then point at the line and column in the manifest itself.
 */
final class ConfigMapManifest {
  static final String KEY = "config.yaml";

  private ConfigMapManifest() {}

  /**
   * The config text inside {@code root} if it is a ConfigMap, padded so that its lines and
   * columns are those of {@code text}; empty when {@code root} is not a ConfigMap.
   */
  static Optional<String> config(ConfigNode root, String text) {
    if (!root.isMap() || !root.has("kind") || !root.required("kind").asString().equals("ConfigMap")) {
      return Optional.empty();
    }
    ConfigNode data = root.get("data").orElseThrow(() -> root.error(
        "a ConfigMap without data: the config is expected in data." + KEY));
    Map<String, ConfigNode> entries = data.children();
    ConfigNode entry = entries.size() == 1 ? entries.values().iterator().next() : entries.get(KEY);
    if (entry == null) {
      throw data.error("a ConfigMap with data keys " + entries.keySet() + ": the config is read"
          + " from data." + KEY + " or from the only key");
    }
    String inner = entry.asString();
    String[] outer = text.split("\n", -1);
    // A block scalar (| or |-) starts on the line after its indicator, indented.
    int first = entry.line(); // 0-based index of the line after the indicator
    int indent = 0;
    for (int i = first; i < outer.length; i++) {
      if (!outer[i].isBlank()) {
        indent = outer[i].length() - outer[i].stripLeading().length();
        break;
      }
    }
    StringBuilder padded = new StringBuilder("\n".repeat(first));
    String pad = " ".repeat(indent);
    for (String line : inner.split("\n", -1)) {
      padded.append(line.isEmpty() ? "" : pad).append(line).append('\n');
    }
    return Optional.of(padded.toString());
  }
}
