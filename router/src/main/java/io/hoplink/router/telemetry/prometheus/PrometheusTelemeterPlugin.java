package io.hoplink.router.telemetry.prometheus;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Telemeter;
import io.hoplink.router.telemetry.TelemeterPlugin;
import java.util.Set;

/**
 * Serves the metric tree in Prometheus' text format on the admin port, named as Linkerd 1.x
 * names it: {@code rt/outgoing/server/127.0.0.1/4140/requests} becomes
 * {@code rt:server:requests{rt="outgoing", server="127.0.0.1/4140"}}.
 *
 * <pre>
 * telemetry:
 * - kind: io.l5d.prometheus
 *   path: /admin/metrics/prometheus   # the default
 *   prefix: linkerd_                  # prepended to every metric name; default none
 * </pre>
 */
public final class PrometheusTelemeterPlugin
    implements TelemeterPlugin<PrometheusTelemeterPlugin.Config> {
  public static final String KIND = "io.l5d.prometheus";
  public static final String DEFAULT_PATH = "/admin/metrics/prometheus";

  /** The parsed block: the admin path served and the metric name prefix. */
  public record Config(String kind, String path, String prefix) implements PluginConfig {
    public Config {
      kind = KIND;
      path = path == null ? DEFAULT_PATH : path;
      prefix = prefix == null ? "" : prefix;
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': " + path);
      }
    }

    /** Linkerd's defaults: the default path and no prefix. */
    public static Config defaults() {
      return new Config(KIND, DEFAULT_PATH, "");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    // experimental is accepted by every Linkerd telemeter; this one is not experimental
    node.requireOnlyKeys(Set.of("kind", "path", "prefix", "experimental"));
    node.get("experimental").ifPresent(ConfigNode::asBoolean);
    String path = node.string("path", DEFAULT_PATH);
    if (!path.startsWith("/")) {
      throw node.required("path").error("'" + path + "' (expected: a path starting with '/')");
    }
    return new Config(KIND, path, node.string("prefix", ""));
  }

  @Override
  public Telemeter newTelemeter(Config config, Metrics metrics) {
    requireNonNull(config, "config");
    requireNonNull(metrics, "metrics");
    return new PrometheusTelemeter(config, metrics);
  }
}
