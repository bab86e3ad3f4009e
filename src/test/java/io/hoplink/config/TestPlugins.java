package io.hoplink.config;

import java.time.Duration;
import java.util.Set;

/**
 * Tiny plugins for config tests: an fs namer, the header-token identifier, a telemeter, and
 * stand-ins that keep their block as plain data.
 */
final class TestPlugins {
  private TestPlugins() {}

  record FsNamerConfig(String kind, String prefix, String rootDir) implements PluginConfig {}

  record HeaderTokenConfig(String kind, String header) implements PluginConfig {}

  record MetricsConfig(String kind, String prefix, Duration interval) implements PluginConfig {}

  static final Plugin<FsNamerConfig> FS = plugin("io.l5d.fs", n -> {
    n.requireOnlyKeys(Set.of("kind", "prefix", "rootDir"));
    return new FsNamerConfig("io.l5d.fs", n.string("prefix", "/io.l5d.fs"), n.required("rootDir").asString());
  });

  static final Plugin<HeaderTokenConfig> HEADER_TOKEN = plugin("io.l5d.header.token", n -> {
    n.requireOnlyKeys(Set.of("kind", "header"));
    return new HeaderTokenConfig("io.l5d.header.token", n.string("header", "Host"));
  });

  static final Plugin<MetricsConfig> METRICS = plugin("test.metrics", n -> {
    n.requireOnlyKeys(Set.of("kind", "prefix", "intervalMs"));
    return new MetricsConfig("test.metrics", n.string("prefix", "rt"), n.millis("intervalMs", Duration.ofSeconds(1)));
  });

  /** Stands in for the transformers the Kubernetes issue builds: keeps its block as plain data. */
  static Plugin<UnbuiltPluginConfig> transformer(String kind) {
    return plugin(kind, n -> {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> params =
          new java.util.LinkedHashMap<>((java.util.Map<String, Object>) n.toPlain());
      params.remove("kind");
      return new UnbuiltPluginConfig(kind, params);
    });
  }

  /** Stands in for the classifiers and failure accrual kinds built in router/resilience. */
  static Plugin<UnbuiltPluginConfig> resilience(String kind) {
    return transformer(kind);
  }

  /** The namer, identifier, telemeter, transformers and resilience kinds above, by family. */
  static Plugins all() {
    return Plugins.builder()
        .add(PluginRegistry.of("namer", FS))
        .add(PluginRegistry.of("identifier", HEADER_TOKEN))
        .add(PluginRegistry.of("telemeter", METRICS))
        .add(PluginRegistry.of("transformer", transformer("io.l5d.k8s.daemonset"),
            transformer("io.l5d.k8s.localnode"), transformer("io.l5d.port")))
        .add(PluginRegistry.of("classifier", resilience("io.l5d.http.nonRetryable5XX"),
            resilience("io.l5d.http.retryableRead5XX"), resilience("io.l5d.http.retryableIdempotent5XX"),
            resilience("io.l5d.http.retryableAll5XX"), resilience("io.l5d.http.allSuccessful"),
            resilience("io.l5d.h2.nonRetryable5XX"), resilience("io.l5d.h2.grpc.default")))
        .add(PluginRegistry.of("failureAccrual", resilience("io.l5d.consecutiveFailures"),
            resilience("io.l5d.successRate"), resilience("io.l5d.successRateWindowed"), resilience("none")))
        .build();
  }

  static HoplinkConfig load(String yaml) {
    return HoplinkConfig.load(yaml, all());
  }

  private static <C extends PluginConfig> Plugin<C> plugin(String kind, java.util.function.Function<ConfigNode, C> parse) {
    return new Plugin<>() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public C parse(ConfigNode node) {
        return parse.apply(node);
      }
    };
  }
}
