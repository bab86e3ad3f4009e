package io.hoplink.router.forward;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.resilience.Deadline;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.hoplink.router.http.Http1Guard;
import io.hoplink.router.http.RequestHeadCheck;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;

/**
 * What the router reads from a request head once, on arrival, and the headers it sends on.
 *
 * @param headers the outgoing headers with the pseudo-headers {@code :method :authority :path}
 * @param localDtab {@code l5d-ctx-dtab} then {@code l5d-dtab}, joined with {@code ;}
 * @param viaHops hops already recorded in {@code Via}
 * @param declaredLength the body length the head announces: 0 for none, -1 when unknown
 * @param grpc whether the request is a gRPC call
 * @param deadline the request's own deadline; null: none
 * @param refusal why the head is refused (answered, never forwarded); null when it is fine
 */
record IncomingHead(MultiMap headers, String localDtab, int viaHops, long declaredLength,
    boolean grpc, Deadline deadline, Http1Guard.Refusal refusal) {

  /**
   * Reads and checks a request head. {@code guarded}: an HTTP/1.x head was checked by the
   * connection guard already (http routers); an h2 router's HTTP/1.x heads are checked here by
   * the same rules, and HTTP/2 heads by HTTP/2's. {@code ended}: the client has sent the whole
   * request with its head (no body).
   */
  static IncomingHead read(HttpServerRequest request, Wire wire, FrontendImpl frontend,
      boolean guarded, boolean ended) {
    ServerConfig config = frontend.config();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request.headers().forEach(headers::add); // addAll would copy the entries to a list first
    String target = request.uri();
    String host = null;
    Http1Guard.Refusal refusal;
    if (wire == Wire.HTTP2) {
      refusal = http2Refusal(request.method(), target, headers);
    } else if (guarded) {
      refusal = null;
    } else {
      Http1Guard.Checked checked = Http1Guard.check(request.method().name(),
          request.version() == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1", target, headers);
      refusal = checked.refusal();
      target = checked.uri();
      host = checked.host();
    }
    if (refusal != null) {
      return new IncomingHead(headers, "", 0, 0, GrpcStatus.isGrpc(headers), null, refusal);
    }
    if (host != null) {
      headers.set(HttpHeaders.HOST, host); // an absolute-form target's authority
    }
    long declared = declaredLength(headers, wire, ended);
    String localDtab = HopHeaders.takeLocalDtab(headers, config.clearContext());
    // Only this router says which certificate a client presented: a copy sent along is dropped
    // (Linkerd's ClearForwardedClientCertFilter), whatever the client's forwardClientCert.
    headers.remove(io.hoplink.router.tls.ClientCertHeader.NAME);
    wire.stripHopHeaders(headers);
    int viaHops = HopHeaders.viaHops(headers);
    HopHeaders.appendVia(headers, request.version());
    if (!headers.contains(HopHeaders.REQUEST_ID)) {
      headers.set(HopHeaders.REQUEST_ID, frontend.newRequestId());
    }
    ForwardedHeader forwarded = frontend.forwarded();
    if (forwarded != null) {
      boolean http2 = wire == Wire.HTTP2;
      forwarded.append(headers, http2, request.remoteAddress(), request.localAddress(),
          http2 ? authorityText(request.authority()) : headers.get(HttpHeaders.HOST),
          http2 ? request.scheme() : absoluteScheme(request.uri()));
    }
    long wallNanos = frontend.wallNanos();
    if (config.timestampHeader() != null) {
      headers.set(config.timestampHeader(), Long.toString(wallNanos / 1_000_000));
    }
    Deadline deadline = Deadline.fromHeaders(headers.getAll(Deadline.HEADER),
        headers.get(Deadline.GRPC_TIMEOUT), wallNanos);
    headers.set(Exchange.METHOD, request.method().name());
    HostAndPort authority = host != null ? HostAndPort.parseAuthority(host, -1)
        : request.authority();
    if (authority != null) {
      headers.set(Exchange.AUTHORITY, authority.port() < 0
          ? authority.host() : authority.host() + ":" + authority.port());
    }
    headers.set(Exchange.PATH, target);
    return new IncomingHead(headers, localDtab, viaHops, declared, GrpcStatus.isGrpc(headers),
        deadline, null);
  }

  /**
   * What makes an HTTP/2 request malformed here: CONNECT (no tunnels), a {@code :path} that is
   * not origin-form ({@code *} for OPTIONS) or holds control bytes, and field values with CR, LF
   * or NUL (RFC 9113 8.2.1), which an HTTP/1.1 hop would read as header breaks.
   */
  private static Http1Guard.Refusal http2Refusal(HttpMethod method, String path,
      MultiMap headers) {
    if (method == HttpMethod.CONNECT) {
      return new Http1Guard.Refusal(405, "CONNECT is not supported");
    }
    boolean star = "*".equals(path) && method == HttpMethod.OPTIONS;
    if (path == null || !path.startsWith("/") && !star) {
      return new Http1Guard.Refusal(400, "invalid :path: " + path);
    }
    if (RequestHeadCheck.hasControlCharacter(path)) {
      return new Http1Guard.Refusal(400, "control character in :path");
    }
    for (var header : headers) {
      String value = header.getValue();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          return new Http1Guard.Refusal(400, "CR, LF or NUL in the value of " + header.getKey());
        }
      }
    }
    return null;
  }

  private static long declaredLength(MultiMap headers, Wire wire, boolean ended) {
    if (ended) {
      return 0;
    }
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        return Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return -1; // HTTP/2: the stream's own framing decides
      }
    }
    // HTTP/1.x without Content-Length has a body only when chunked (the only coding let in).
    return wire == Wire.HTTP2 || headers.contains(HttpHeaders.TRANSFER_ENCODING) ? -1 : 0;
  }

  private static String authorityText(HostAndPort authority) {
    return authority == null ? null
        : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
  }

  /** The scheme of an absolute-form target ({@code http://host/path}), else null. */
  private static String absoluteScheme(String target) {
    int colon = target.indexOf("://");
    if (colon <= 0) {
      return null;
    }
    String scheme = target.substring(0, colon);
    return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")
        ? scheme.toLowerCase(java.util.Locale.ROOT) : null;
  }
}
