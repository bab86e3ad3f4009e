package io.hoplink.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The keys of a router's {@code service:} block; h2 adds the retry buffer and classification timeout. */
final class ServicePolicyParser {
  private ServicePolicyParser() {}

  static PrefixPolicy<ServiceParams> parse(Optional<ConfigNode> node, ConfigNode router,
      Protocol protocol, Plugins plugins) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("retries", RetriesConfig.defaults());
    defaults.put("responseClassifier", plugins.parseDefault("classifier", router,
        "service.responseClassifier", Map.of("kind", protocol.defaultClassifier())));
    if (protocol == Protocol.H2) {
      defaults.put("retryBufferSize", RetryBufferSize.defaults());
      defaults.put("classificationTimeoutMs", ServiceParams.DEFAULT_CLASSIFICATION_TIMEOUT);
    }

    Map<String, Function<ConfigNode, Object>> readers = new HashMap<>();
    readers.put("totalTimeoutMs", Bounds::positiveMillis);
    readers.put("retries", RetriesConfig::parse);
    readers.put("responseClassifier", n -> forProtocol(n, protocol, plugins.parse("classifier", n,
        null, (PluginConfig) defaults.get("responseClassifier"))));
    if (protocol == Protocol.H2) {
      readers.put("retryBufferSize", RetryBufferSize::parse);
      readers.put("classificationTimeoutMs", Bounds::positiveMillis);
    }
    return new PolicyParser<>("service", readers, Set.of(), defaults, (values, vars) -> values,
        ServiceParams::of).parse(node);
  }

  /** As in Linkerd, an http router takes the io.l5d.http.* kinds and an h2 router the io.l5d.h2.* ones. */
  private static PluginConfig forProtocol(ConfigNode node, Protocol protocol, PluginConfig classifier) {
    String kind = classifier.kind();
    String own = protocol == Protocol.HTTP ? "io.l5d.http." : "io.l5d.h2.";
    String other = protocol == Protocol.HTTP ? "io.l5d.h2." : "io.l5d.http.";
    if (kind.startsWith(other)) {
      throw node.get("kind").orElse(node).error("classifier kind '" + kind + "' is not for "
          + protocol.linkerdName() + " routers (expected: an " + own + "* kind)");
    }
    return classifier;
  }
}
