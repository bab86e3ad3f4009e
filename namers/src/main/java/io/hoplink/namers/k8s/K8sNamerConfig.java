package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.PluginConfig;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.Path;
import java.util.List;
import java.util.Optional;

/**
 * The parsed {@code io.l5d.k8s} or {@code io.l5d.k8s.ns} block.
 *
 * @param host the API's host for plain HTTP (a {@code kubectl proxy}); absent with {@code port}
 *     absent too means the pod's service account when there is one, else localhost
 * @param port the API's port for plain HTTP (default 8001)
 * @param labelSelector a label name: names then carry a label value segment
 * @param envVar ({@code io.l5d.k8s.ns} only) the variable holding the namespace
 */
public record K8sNamerConfig(String kind, Path prefix, Optional<String> host,
    Optional<Integer> port, Optional<String> labelSelector, Optional<String> envVar,
    List<PluginConfig> transformers) implements NamerConfig {
  public K8sNamerConfig {
    requireNonNull(kind, "kind");
    requireNonNull(prefix, "prefix");
    requireNonNull(host, "host");
    requireNonNull(port, "port");
    requireNonNull(labelSelector, "labelSelector");
    requireNonNull(envVar, "envVar");
    transformers = List.copyOf(transformers);
    port.ifPresent(p -> {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port: " + p + " (expected: 1 to 65535)");
      }
    });
  }
}
