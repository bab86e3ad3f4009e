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
    host = dottedQuad(host);
  }

  /**
   * An IPv4 literal in one of the short forms the JDK and inet_aton read ({@code 127.1},
   * {@code 10.1.2}: the last part fills the remaining bytes), as four parts; anything else as it
   * is. Linkerd's own configs and disco files use {@code 127.1}, and Netty's resolver would take
   * it for a host name.
   */
  static String dottedQuad(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length >= 4 || !host.chars().allMatch(c -> c == '.'
        || c >= '0' && c <= '9')) {
      return host;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 10
          || parts[i].length() > 1 && parts[i].charAt(0) == '0') {
        return host; // a leading 0 is octal to inet_aton, decimal to the JDK: left alone
      }
      values[i] = Long.parseLong(parts[i]);
    }
    int last = parts.length - 1;
    long limit = 1L << (8 * (4 - last));
    for (int i = 0; i < last; i++) {
      if (values[i] > 255) {
        return host;
      }
    }
    if (values[last] >= limit) {
      return host;
    }
    long address = values[last];
    for (int i = 0; i < last; i++) {
      address |= values[i] << (8 * (3 - i));
    }
    return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "."
        + (address & 0xff);
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
