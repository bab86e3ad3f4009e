package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole hoplink config, in Linkerd 1.x's format: checked, defaulted and cross-checked (no two
 * servers on one address, no label used twice) before anything binds.
 *
 * <pre>
 * admin: {ip: 0.0.0.0, port: 9990}
 * namers:
 * - kind: io.l5d.fs
 *   rootDir: disco
 * routers:
 * - protocol: http
 *   dtab: /svc => /#/io.l5d.fs;
 *   servers: [{port: 4140}]
 * telemetry:
 * - kind: io.l5d.prometheus
 * identity:                      # optional: see IdentityConfig
 *   url: https://hoplink-identity.hoplink.svc.cluster.local:8443
 *   trustBundle: /var/run/hoplink/trust/ca.crt
 *   dir: /var/run/hoplink/identity
 * </pre>
 *
 * @param identity empty: the router's certificates, if any, are files made by others
 * @param warnings one line per accepted Linkerd key or kind whose feature is not built yet
 */
public record HoplinkConfig(
    AdminConfig admin,
    List<RouterConfig> routers,
    List<PluginConfig> namers,
    List<PluginConfig> telemetry,
    Optional<IdentityConfig> identity,
    List<String> warnings) implements PlainRenderable {

  public HoplinkConfig {
    requireNonNull(admin, "admin");
    routers = List.copyOf(routers);
    namers = List.copyOf(namers);
    telemetry = List.copyOf(telemetry);
    requireNonNull(identity, "identity");
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads a YAML (or JSON) config, or the config inside a Kubernetes ConfigMap manifest, also one
   * of several documents ({@code data.config.yaml}, or the one data entry with {@code routers}).
   *
   * @throws ConfigException naming the YAML path, the kind and line:column of the first problem
   */
  public static HoplinkConfig load(String yamlText, Plugins plugins) {
    return load(yamlText, plugins, false);
  }

  /**
   * As {@link #load(String, Plugins)}; {@code awayFromPod} (for {@code check}) turns what only the
   * pod supplies, such as a mounted directory, from an error into a warning.
   */
  public static HoplinkConfig load(String yamlText, Plugins plugins, boolean awayFromPod) {
    requireNonNull(yamlText, "yamlText");
    requireNonNull(plugins, "plugins");
    List<ConfigNode> documents = YamlLoader.loadAll(yamlText);
    Optional<String> inManifest = ConfigMapManifest.config(documents, yamlText);
    ConfigNode root = inManifest.isPresent() ? YamlLoader.load(inManifest.get()) : documents.get(0);
    return ConfigLoader.load(awayFromPod ? root.awayFromPod() : root, plugins);
  }

  /** The config under Linkerd's key names with every default filled in; loading it gives an equal config. */
  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("admin", admin.toPlain());
    out.put("routers", routers.stream().map(RouterConfig::toPlain).toList());
    out.put("namers", namers.stream().map(PluginConfig::toPlain).toList());
    out.put("telemetry", telemetry.stream().map(PluginConfig::toPlain).toList());
    identity.ifPresent(i -> out.put("identity", i.toPlain()));
    return out;
  }
}
