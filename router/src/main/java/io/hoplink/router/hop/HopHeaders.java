package io.hoplink.router.hop;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The header rules of one hop through the router, for both protocols: what stays on its hop
 * (and what HTTP/2 forbids), the per-request dtab, and {@code Via}.
 */
public final class HopHeaders {
  public static final String VIA = "via";
  public static final String REQUEST_ID = "l5d-reqid";
  public static final String ERR = "l5d-err";
  public static final String CTX_DTAB = "l5d-ctx-dtab";
  public static final String USER_DTAB = "l5d-dtab";
  public static final String CTX_PREFIX = "l5d-ctx-";

  private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive",
      "proxy-connection", "proxy-authorization", "proxy-authenticate", "trailer", "upgrade",
      "transfer-encoding");
  /** Headers a {@code Connection} token may not remove: framing and routing depend on them. */
  private static final Set<String> PROTECTED = Set.of("host", "content-length", "te");

  private HopHeaders() {}

  /**
   * Removes the hop-by-hop headers: those named by {@code Connection}, the fixed list, and
   * {@code TE} unless it asks for trailers (then it becomes exactly {@code TE: trailers}).
   * {@code Transfer-Encoding} goes too: the router frames each hop itself.
   */
  public static void stripHopByHop(MultiMap headers) {
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
        trailers |= token.split(";", 2)[0].trim().equalsIgnoreCase("trailers");
      }
    }
    headers.remove("te");
    if (trailers) {
      headers.set("te", "trailers");
    }
  }

  /**
   * {@link #stripHopByHop} and what else HTTP/2 calls malformed (RFC 9113 8.2.2):
   * {@code Host} (it is {@code :authority}), {@code HTTP2-Settings} and any pseudo-header.
   */
  public static void stripForHttp2(MultiMap headers) {
    stripHopByHop(headers);
    headers.remove("host");
    headers.remove("http2-settings"); // what notForHttp2 names
    List<String> pseudo = null;
    for (String name : headers.names()) {
      if (name.startsWith(":")) {
        pseudo = pseudo == null ? new ArrayList<>() : pseudo;
        pseudo.add(name);
      }
    }
    if (pseudo != null) {
      pseudo.forEach(headers::remove);
    }
  }

  /** Whether a header that may cross an HTTP/1.1 hop may not go into HTTP/2 (RFC 9113 8.2.2). */
  public static boolean notForHttp2(String name) {
    return name.equalsIgnoreCase("host") || name.equalsIgnoreCase("http2-settings");
  }

  /**
   * Takes the per-request dtab out: {@code l5d-ctx-dtab} then {@code l5d-dtab}, joined with
   * {@code ;}. With {@code clearContext} every {@code l5d-ctx-*} and {@code l5d-dtab} header is
   * dropped and the result is empty.
   */
  public static String takeLocalDtab(MultiMap headers, boolean clearContext) {
    List<String> parts = new ArrayList<>();
    if (clearContext) {
      List<String> context = new ArrayList<>();
      for (String name : headers.names()) {
        if (name.toLowerCase(Locale.ROOT).startsWith(CTX_PREFIX)) {
          context.add(name);
        }
      }
      context.forEach(headers::remove);
    } else {
      addParts(parts, headers.getAll(CTX_DTAB));
      addParts(parts, headers.getAll(USER_DTAB));
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

  /** Sets each header of {@code source} (null: none) on {@code target}, replacing same names. */
  public static void overwrite(MultiMap target, MultiMap source) {
    if (source != null) {
      // two passes over the entries: names() would build a sorted set per response
      source.forEach((name, value) -> target.remove(name));
      source.forEach(target::add);
    }
  }

  /** Hops already recorded: comma-separated entries across every {@code Via} header. */
  public static int viaHops(MultiMap headers) {
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

  /** Appends this hop ({@code 1.1 hoplink}, {@code 2 hoplink}) to {@code Via}. */
  public static void appendVia(MultiMap headers, HttpVersion received) {
    List<String> existing = headers.getAll(VIA);
    String hop = switch (received) {
      case HTTP_1_0 -> "1.0 hoplink";
      case HTTP_2 -> "2 hoplink";
      default -> "1.1 hoplink";
    };
    headers.set(VIA, existing.isEmpty() ? hop : String.join(", ", existing) + ", " + hop);
  }

  /** The protocol version as Via writes it: {@code 1.0}, {@code 1.1} or {@code 2}. */
  public static String viaVersion(HttpVersion version) {
    return switch (version) {
      case HTTP_1_0 -> "1.0";
      case HTTP_2 -> "2";
      default -> "1.1";
    };
  }
}
