package io.hoplink.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes manifest given where a config is expected: the DaemonSet's {@code l5d-config.yaml},
 * or a file of several documents (ConfigMap, DaemonSet, Service) as Linkerd's examples ship them.
 * The config is a ConfigMap's {@code data} entry {@code config.yaml}, or a lone ConfigMap's only
 * entry; else the only data entry that holds a map with {@code routers} (Linkerd's examples also name it {@code config.yml}
 * or {@code linkerd.yml}). Errors then point at the line and column in the manifest itself.
 */
final class ConfigMapManifest {
  static final String KEY = "config.yaml";

  private ConfigMapManifest() {}

  /**
   * The config text inside {@code documents} if they are Kubernetes objects, padded so that its
   * lines and columns are those of {@code text}; empty when a single document is not a ConfigMap.
   *
   * @throws ConfigException when the documents hold no config or more than one
   */
  static Optional<String> config(List<ConfigNode> documents, String text) {
    List<ConfigNode> configMaps = documents.stream().filter(ConfigMapManifest::isConfigMap).toList();
    if (configMaps.isEmpty()) {
      if (documents.size() == 1) {
        return Optional.empty();
      }
      throw new ConfigException("", "config: " + documents.size() + " YAML documents and no"
          + " ConfigMap among them: give one config, or the manifest whose ConfigMap holds it");
    }
    List<ConfigNode> entries = new ArrayList<>();
    for (ConfigNode configMap : configMaps) {
      configMap.get("data").flatMap(data -> data.get(KEY)).ifPresent(entries::add);
    }
    if (entries.isEmpty() && configMaps.size() == 1) {
      Map<String, ConfigNode> data = configMaps.get(0).get("data").map(ConfigNode::children)
          .orElse(Map.of());
      if (data.size() == 1) {
        entries.add(data.values().iterator().next()); // its errors are the config's, in place
      }
    }
    if (entries.isEmpty()) {
      for (ConfigNode configMap : configMaps) {
        Map<String, ConfigNode> data = configMap.get("data").map(ConfigNode::children).orElse(Map.of());
        data.values().stream().filter(ConfigMapManifest::holdsRouters).forEach(entries::add);
      }
    }
    if (entries.size() == 1) {
      return Optional.of(padded(entries.get(0), text));
    }
    List<String> found = new ArrayList<>();
    for (ConfigNode configMap : configMaps) {
      String name = configMap.get("metadata").flatMap(m -> m.get("name"))
          .map(ConfigNode::asString).orElse("(unnamed)");
      List<String> keys = configMap.get("data").map(ConfigNode::keys).orElse(List.of());
      found.add(name + " " + keys + " at " + configMap.line() + ":" + configMap.column());
    }
    String problem = entries.isEmpty()
        ? "no ConfigMap data entry holds a config (data." + KEY + ", or one entry with 'routers')"
        : entries.size() + " ConfigMap data entries hold a config; give a file with one";
    throw new ConfigException("", "config: " + problem + "; ConfigMaps: " + String.join(", ", found));
  }

  private static boolean isConfigMap(ConfigNode document) {
    return document.isMap() && document.get("kind").filter(k -> !k.isMap() && !k.isList())
        .map(k -> k.asString().equals("ConfigMap")).orElse(false);
  }

  private static boolean holdsRouters(ConfigNode entry) {
    if (entry.isMap() || entry.isList() || entry.isNull()) {
      return false;
    }
    try {
      List<ConfigNode> inner = YamlLoader.loadAll(entry.asString());
      return inner.size() == 1 && inner.get(0).isMap() && inner.get(0).has("routers");
    } catch (ConfigException e) {
      return false;
    }
  }

  private static String padded(ConfigNode entry, String text) {
    String inner = entry.asString();
    String[] outer = text.split("\n", -1);
    // A block scalar (| or |-) starts on the line after its indicator, indented.
    int first = entry.line(); // 1-based line of the indicator: the 0-based index of the next
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
    return padded.toString();
  }
}
