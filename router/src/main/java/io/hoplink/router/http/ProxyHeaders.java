package io.hoplink.router.http;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The header rules a proxy applies to each message it forwards, in either direction. */
final class ProxyHeaders {
  static final String VIA = "via";
  static final String REQUEST_ID = "l5d-reqid";
  static final String ERR = "l5d-err";
  static final String CTX_DTAB = "l5d-ctx-dtab";
  static final String USER_DTAB = "l5d-dtab";
  static final String CTX_PREFIX = "l5d-ctx-";

  private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive",
      "proxy-connection", "proxy-authorization", "proxy-authenticate", "trailer", "upgrade",
      "transfer-encoding");
  /** Headers a {@code Connection} token may not remove: framing and routing depend on them. */
  private static final Set<String> PROTECTED = Set.of("host", "content-length");

  private ProxyHeaders() {}

  /**
   * Removes the hop-by-hop headers: those named by {@code Connection}, the fixed list, and
   * {@code TE} unless it asks for trailers (then it becomes exactly {@code TE: trailers}).
   * {@code Transfer-Encoding} goes too: the proxy frames each hop itself.
   */
  static void stripHopByHop(MultiMap headers) {
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !PROTECTED.contains(name)) {
          headers.remove(name);
        }
      }
    }
    for (String name : HOP_BY_HOP) {
      headers.remove(name);
    }
    boolean trailers = false;
    for (String value : headers.getAll("te")) {
      for (String token : value.split(",")) {
        String coding = token.split(";", 2)[0].trim();
        trailers |= coding.equalsIgnoreCase("trailers");
      }
    }
    headers.remove("te");
    if (trailers) {
      headers.set("te", "trailers");
    }
  }

  /**
   * Takes the per-request dtab out of the headers: {@code l5d-ctx-dtab} then {@code l5d-dtab},
   * joined with {@code ;}. With {@code clearContext} every {@code l5d-ctx-*} and
   * {@code l5d-dtab} header is dropped and the result is empty.
   */
  static String takeLocalDtab(MultiMap headers, boolean clearContext) {
    List<String> parts = new ArrayList<>();
    if (!clearContext) {
      addParts(parts, headers.getAll(CTX_DTAB));
      addParts(parts, headers.getAll(USER_DTAB));
    } else {
      List<String> context = new ArrayList<>();
      for (String name : headers.names()) {
        if (name.toLowerCase(Locale.ROOT).startsWith(CTX_PREFIX)) {
          context.add(name);
        }
      }
      context.forEach(headers::remove);
    }
    headers.remove(CTX_DTAB);
    headers.remove(USER_DTAB);
    return String.join(";", parts);
  }

  private static void addParts(List<String> parts, List<String> values) {
    for (String value : values) {
      String trimmed = value.trim();
      while (trimmed.endsWith(";")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1).trim();
      }
      if (!trimmed.isEmpty()) {
        parts.add(trimmed);
      }
    }
  }

  /** Hops already recorded: comma-separated entries across every {@code Via} header. */
  static int viaHops(MultiMap headers) {
    int hops = 0;
    for (String value : headers.getAll(VIA)) {
      for (String entry : value.split(",")) {
        if (!entry.isBlank()) {
          hops++;
        }
      }
    }
    return hops;
  }

  /** Appends this hop ({@code 1.1 hoplink}) to the {@code Via} header. */
  static void appendVia(MultiMap headers, String protocolVersion) {
    List<String> existing = headers.getAll(VIA);
    String hop = protocolVersion + " hoplink";
    headers.set(VIA, existing.isEmpty() ? hop : String.join(", ", existing) + ", " + hop);
  }

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
