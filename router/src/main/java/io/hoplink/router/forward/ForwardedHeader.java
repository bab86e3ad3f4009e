package io.hoplink.router.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/** The RFC 7239 {@code Forwarded} header a server with {@code addForwardedHeader} appends to. */
final class ForwardedHeader {
  private ForwardedHeader() {}

  /**
   * Appends an element for this hop: {@code for="ip:port";by="ip:port";host="...";proto=http}.
   */
  static void append(MultiMap headers, SocketAddress remote, SocketAddress local) {
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
