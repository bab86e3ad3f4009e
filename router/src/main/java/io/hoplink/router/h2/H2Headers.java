package io.hoplink.router.h2;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The header rules of an h2 hop: what never crosses into HTTP/2, context, Via. */
final class H2Headers {
  static final String VIA = "via";
  static final String REQUEST_ID = "l5d-reqid";
  static final String ERR = "l5d-err";
  static final String CTX_DTAB = "l5d-ctx-dtab";
  static final String USER_DTAB = "l5d-dtab";
  static final String CTX_PREFIX = "l5d-ctx-";
  static final String CONTENT_TYPE = "content-type";

  /** RFC 9113 8.2.2: connection-specific fields are malformed in HTTP/2; Host is :authority. */
  private static final List<String> CONNECTION_SPECIFIC = List.of("connection", "keep-alive",
      "proxy-connection", "transfer-encoding", "upgrade", "http2-settings", "host");

  private H2Headers() {}

  /**
   * Removes the connection-specific headers (and those a {@code Connection} header names), any
   * pseudo-header, and {@code TE} unless it is exactly {@code trailers}.
   */
  static void stripConnectionSpecific(MultiMap headers) {
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("content-length") && !name.equals("te")) {
          headers.remove(name);
        }
      }
    }
    for (String name : CONNECTION_SPECIFIC) {
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

  /**
   * Takes the per-request dtab out: {@code l5d-ctx-dtab} then {@code l5d-dtab}, joined with
   * {@code ;}. With {@code clearContext} every {@code l5d-ctx-*} header goes and it is empty.
   */
  static String takeLocalDtab(MultiMap headers, boolean clearContext) {
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

  /** Appends this hop ({@code 2 hoplink}) to {@code Via}. */
  static void appendVia(MultiMap headers) {
    List<String> existing = headers.getAll(VIA);
    headers.set(VIA, existing.isEmpty() ? "2 hoplink" : String.join(", ", existing) + ", 2 hoplink");
  }

  /** Whether the request is gRPC: {@code content-type: application/grpc[+proto|;...]}. */
  static boolean isGrpc(MultiMap headers) {
    String type = headers.get(CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  /** Copies {@code source} into {@code target} without pseudo or connection-specific headers. */
  static void copyForward(MultiMap source, MultiMap target) {
    target.addAll(source);
    stripConnectionSpecific(target);
  }
}
