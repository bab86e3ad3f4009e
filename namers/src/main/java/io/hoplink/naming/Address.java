package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One endpoint a name can bind to: a host (name or literal address), a port, a weight for
 * balancing, and metadata a namer knows about it (such as {@code nodeName} from Kubernetes).
 */
public record Address(String host, int port, double weight, Map<String, String> meta) {
  public Address {
    requireNonNull(host, "host");
    requireNonNull(meta, "meta");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: > 0)");
    }
    meta = Map.copyOf(meta);
  }

  public static Address of(String host, int port) {
    return new Address(host, port, 1.0, Map.of());
  }

  public Address withWeight(double weight) {
    return new Address(host, port, weight, meta);
  }

  /** {@code host:port}, with IPv6 literals bracketed. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
