package io.hoplink.router.http;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The HTTP/1.1 router's own header rules (the rules of every hop are
 * {@link io.hoplink.router.hop.HopHeaders}).
 */
final class ProxyHeaders {
  private ProxyHeaders() {}

  /** Sets each header of {@code source} on {@code target}, replacing values of the same name. */
  static void overwrite(MultiMap target, MultiMap source) {
    for (String name : source.names()) {
      target.set(name, source.getAll(name));
    }
  }

  /**
   * Appends an RFC 7239 element for this hop: {@code for="ip:port";by="ip:port";host="...";
   * proto=http}.
   */
  static void appendForwarded(MultiMap headers, SocketAddress remote, SocketAddress local) {
    StringBuilder element = new StringBuilder();
    element.append("for=").append(node(remote)).append(";by=").append(node(local));
    String host = headers.get("host");
    if (host != null) {
      element.append(";host=\"").append(host.replace("\"", "")).append('"');
    }
    element.append(";proto=http");
    List<String> existing = headers.getAll("forwarded");
    headers.set("forwarded", existing.isEmpty()
        ? element.toString() : String.join(", ", existing) + ", " + element);
  }

  private static String node(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return "unknown";
    }
    String ip = address.hostAddress();
    return "\"" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + address.port() + "\"";
  }
}
