package io.hoplink.transformers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Compares endpoint hosts as IP addresses without DNS: a host that is not an IP literal never
 * matches, so a filter never keeps an endpoint it cannot place.
 */
public final class IpMatch {
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private IpMatch() {}

  /** The bytes of an IPv4 or IPv6 literal, or null for anything else. */
  public static byte[] literal(String host) {
    if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
      return null;
    }
    try {
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** Whether {@code a} and {@code b} are literals of one family whose first {@code bits} agree. */
  public static boolean samePrefix(String a, String b, int bits) {
    byte[] x = literal(a);
    byte[] y = literal(b);
    return x != null && y != null && samePrefix(x, y, bits);
  }

  static boolean samePrefix(byte[] x, byte[] y, int bits) {
    if (x.length != y.length) {
      return false;
    }
    int full = Math.min(bits / 8, x.length);
    for (int i = 0; i < full; i++) {
      if (x[i] != y[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0 || full >= x.length) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (x[full] & mask) == (y[full] & mask);
  }
}
