package io.hoplink.config;

import java.util.Optional;

/**
 * The keys every block that reaches the Kubernetes API shares (the k8s namers', the ingress
 * identifier's, the {@code io.l5d.k8s.configMap} interpreter's): {@code host} and {@code port} of
 * a {@code kubectl proxy}, read the same way. In config, the bottom layer, so that the
 * interpreter block (parsed here) reads them as the plugins above do.
 */
public final class KubeApiKeys {
  private KubeApiKeys() {}

  /** {@code host}, if set: not blank. */
  public static Optional<String> host(ConfigNode block) {
    return block.get("host").map(h -> nonEmpty(h, "a host such as localhost"));
  }

  /** {@code port}, if set: 1 to 65535. */
  public static Optional<Integer> port(ConfigNode block) {
    return block.get("port").map(p -> {
      int value = p.asInt();
      if (value < 1 || value > 65535) {
        throw p.error(value + " (expected: a port from 1 to 65535)");
      }
      return value;
    });
  }

  /** The string at {@code node}, which must not be blank. */
  public static String nonEmpty(ConfigNode node, String expected) {
    String value = node.asString();
    if (value.isBlank()) {
      throw node.error("must not be empty (expected: " + expected + ")");
    }
    return value;
  }
}
