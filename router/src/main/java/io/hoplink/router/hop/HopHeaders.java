package io.hoplink.router.hop;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

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

  // Names as AsciiString, which keeps its hash: Vert.x's header map hashes a String name again
  // at every lookup, and these run on every request and response.
  private static final AsciiString CONNECTION = AsciiString.cached("connection");
  private static final AsciiString TE = AsciiString.cached("te");
  private static final AsciiString HOST = AsciiString.cached("host");
  private static final AsciiString HTTP2_SETTINGS = AsciiString.cached("http2-settings");
  private static final AsciiString VIA_NAME = AsciiString.cached(VIA);
  private static final AsciiString CTX_DTAB_NAME = AsciiString.cached(CTX_DTAB);
  private static final AsciiString USER_DTAB_NAME = AsciiString.cached(USER_DTAB);
  private static final List<AsciiString> HOP_BY_HOP = Stream.of("keep-alive",
      "proxy-connection", "proxy-authorization", "proxy-authenticate", "trailer", "upgrade",
      "transfer-encoding").map(AsciiString::cached).toList();
  /** Headers a {@code Connection} token may not remove: framing and routing depend on them. */
  private static final Set<String> PROTECTED = Set.of("host", "content-length", "te");

  private HopHeaders() {}

  /**
   * Removes the hop-by-hop headers: those named by {@code Connection}, the fixed list, and
   * {@code TE} unless it asks for trailers (then it becomes exactly {@code TE: trailers}).
   * {@code Transfer-Encoding} goes too: the router frames each hop itself.
   */
  public static void stripHopByHop(MultiMap headers) {
    if (headers.contains(CONNECTION)) {
      for (String value : headers.getAll(CONNECTION)) {
        for (String token : value.split(",")) {
          String name = token.trim().toLowerCase(Locale.ROOT);
          if (!name.isEmpty() && !PROTECTED.contains(name)) {
            headers.remove(name);
          }
        }
      }
      headers.remove(CONNECTION);
    }
    for (AsciiString name : HOP_BY_HOP) {
      headers.remove(name);
    }
    if (headers.contains(TE)) {
      boolean trailers = false;
      for (String value : headers.getAll(TE)) {
        for (String token : value.split(",")) {
          trailers |= token.split(";", 2)[0].trim().equalsIgnoreCase("trailers");
        }
      }
      headers.remove(TE);
      if (trailers) {
        headers.set(TE, "trailers");
      }
    }
  }

  /**
   * {@link #stripHopByHop} and what else HTTP/2 calls malformed (RFC 9113 8.2.2):
   * {@code Host} (it is {@code :authority}), {@code HTTP2-Settings} and any pseudo-header.
   */
  public static void stripForHttp2(MultiMap headers) {
    stripHopByHop(headers);
    headers.remove(HOST);
    headers.remove(HTTP2_SETTINGS); // what notForHttp2 names
    List<String> pseudo = new ArrayList<>(0);
    headers.forEach((name, value) -> { // not names(): that builds a sorted set
      if (name.startsWith(":")) {
        pseudo.add(name);
      }
    });
    pseudo.forEach(headers::remove);
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
    } else if (!headers.contains(CTX_DTAB_NAME) && !headers.contains(USER_DTAB_NAME)) {
      return ""; // the usual request: nothing to take
    } else {
      addParts(parts, headers.getAll(CTX_DTAB_NAME));
      addParts(parts, headers.getAll(USER_DTAB_NAME));
    }
    headers.remove(CTX_DTAB_NAME);
    headers.remove(USER_DTAB_NAME);
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
    if (!headers.contains(VIA_NAME)) {
      return 0;
    }
    int hops = 0;
    for (String value : headers.getAll(VIA_NAME)) {
      boolean inEntry = false; // an entry counts if it holds more than blanks
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == ',') {
          inEntry = false;
        } else if (!inEntry && !Character.isWhitespace(c)) {
          inEntry = true;
          hops++;
        }
      }
    }
    return hops;
  }

  /** Appends this hop ({@code 1.1 hoplink}, {@code 2 hoplink}) to {@code Via}. */
  public static void appendVia(MultiMap headers, HttpVersion received) {
    String hop = switch (received) {
      case HTTP_1_0 -> "1.0 hoplink";
      case HTTP_2 -> "2 hoplink";
      default -> "1.1 hoplink";
    };
    if (!headers.contains(VIA_NAME)) {
      headers.set(VIA_NAME, hop);
      return;
    }
    List<String> existing = headers.getAll(VIA_NAME);
    headers.set(VIA_NAME, String.join(", ", existing) + ", " + hop);
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
