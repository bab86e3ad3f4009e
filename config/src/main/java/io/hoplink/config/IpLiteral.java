package io.hoplink.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Listen addresses: IP literals only, so reading a config never waits for DNS. */
final class IpLiteral {
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private IpLiteral() {}

  /** The value of {@code key} in {@code parent}, an IPv4 or IPv6 literal. */
  static String read(ConfigNode parent, String key, String fallback) {
    return parent.get(key).map(IpLiteral::read).orElse(fallback);
  }

  private static String read(ConfigNode node) {
    String ip = node.asString();
    if (!IPV4.matcher(ip).matches() && !(ip.contains(":") && normalize(ip) != null)) {
      throw node.error("'" + ip + "' is not an IP address (expected: an IPv4 or IPv6 literal such as 0.0.0.0)");
    }
    return ip;
  }

  /** The canonical form of a literal, or null. */
  static String normalize(String ip) {
    try {
      return InetAddress.getByName(ip).getHostAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** Whether a server on {@code a} and one on {@code b}, on the same port, would collide. */
  static boolean overlap(String a, String b) {
    String na = normalize(a);
    String nb = normalize(b);
    return isWildcard(na) || isWildcard(nb) || (na != null && na.equals(nb));
  }

  private static boolean isWildcard(String ip) {
    return "0.0.0.0".equals(ip) || "0:0:0:0:0:0:0:0".equals(ip);
  }
}
