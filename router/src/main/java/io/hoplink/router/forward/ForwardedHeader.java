package io.hoplink.router.forward;

import io.hoplink.config.ForwardedConfig;
import io.hoplink.config.ForwardedConfig.Labeler;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RFC 7239 {@code Forwarded} element a server with {@code addForwardedHeader} adds, as
 * Linkerd adds it: one more {@code Forwarded} field of {@code by=...;for=...}, then
 * {@code host} (HTTP/1.x) or {@code authority} (HTTP/2), then {@code proto} when the request
 * names its scheme (an absolute-form target, or HTTP/2's {@code :scheme}). Values are quoted
 * only where RFC 7239 requires it (an address with a port, IPv6, a host with a port).
 */
final class ForwardedHeader {
  private static final char[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Labeler by;
  private final Labeler forLabel;
  /** Keys the per-connection labels, so that they reveal nothing about the addresses. */
  private final byte[] connectionKey = new byte[16];

  ForwardedHeader(ForwardedConfig config) {
    this.by = config.by();
    this.forLabel = config.forLabel();
    new SecureRandom().nextBytes(connectionKey);
  }

  /**
   * Adds this hop's element; {@code host} is the request's Host or {@code :authority}, and
   * {@code scheme} is null unless the request named one.
   */
  void append(MultiMap headers, boolean http2, SocketAddress remote, SocketAddress local,
      String host, String scheme) {
    StringBuilder element = new StringBuilder(96);
    element.append("by=").append(label(by, local, remote, local));
    element.append(";for=").append(label(forLabel, remote, remote, local));
    if (host != null && !host.isEmpty()) {
      element.append(http2 ? ";authority=" : ";host=").append(value(host));
    }
    if (scheme != null && !scheme.isEmpty()) {
      element.append(";proto=").append(value(scheme));
    }
    headers.add("forwarded", element.toString());
  }

  private String label(Labeler labeler, SocketAddress node, SocketAddress remote,
      SocketAddress local) {
    return switch (labeler.kind()) {
      case "ip" -> ip(node, false);
      case "ip:port" -> ip(node, true);
      case "requestRandom" -> random();
      case "connectionRandom" -> perConnection(remote, local);
      default -> labeler.label(); // router, static: fixed at config time
    };
  }

  private static String ip(SocketAddress address, boolean withPort) {
    if (address == null || address.hostAddress() == null || address.hostAddress().isEmpty()) {
      return "unknown";
    }
    String ip = address.hostAddress();
    if (isAnyLocal(ip)) {
      return "unknown";
    }
    boolean v6 = ip.contains(":");
    String node = v6 ? "[" + ip + "]" : ip;
    if (withPort) {
      return "\"" + node + ":" + address.port() + "\"";
    }
    return v6 ? "\"" + node + "\"" : node;
  }

  private static boolean isAnyLocal(String ip) {
    try {
      return InetAddress.getByName(ip).isAnyLocalAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[7];
    out[0] = '_';
    for (int i = 1; i < out.length; i++) {
      out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
    }
    return new String(out);
  }

  /** The same label for every request of one connection (its two ends), another for the next. */
  private String perConnection(SocketAddress remote, SocketAddress local) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    digest.update(connectionKey);
    digest.update((remote + "|" + local).getBytes(StandardCharsets.UTF_8));
    byte[] hash = digest.digest();
    char[] out = new char[7];
    out[0] = '_';
    for (int i = 1; i < out.length; i++) {
      out[i] = ALPHANUMERIC[(hash[i] & 0xff) % ALPHANUMERIC.length];
    }
    return new String(out);
  }

  /** A token as it is, anything else as an RFC 7230 quoted-string. */
  static String value(String text) {
    boolean token = true;
    for (int i = 0; i < text.length() && token; i++) {
      char c = text.charAt(i);
      token = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
    if (token) {
      return text;
    }
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      if (c >= 32 && c != 127) {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
