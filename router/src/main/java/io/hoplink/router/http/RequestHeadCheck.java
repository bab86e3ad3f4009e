package io.hoplink.router.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import java.util.List;

/**
 * The request-head rules Netty's decoder does not enforce (it already refuses bare CR, LF or NUL
 * in values, bad header names, duplicate Content-Length, Content-Length with Transfer-Encoding,
 * and unfolds obs-fold lines), plus the absolute-form rewrite to origin-form.
 */
public final class RequestHeadCheck {
  private RequestHeadCheck() {}

  /** Checks and normalizes {@code request} in place; returns why it is refused, or null. */
  static RequestRejectedException check(HttpRequest request) {
    HttpHeaders headers = request.headers();
    if (request.method().equals(HttpMethod.CONNECT)) {
      return new RequestRejectedException(405, "CONNECT is not supported");
    }
    List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    List<String> cl = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        return bad("both Content-Length and Transfer-Encoding");
      }
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        return bad("Transfer-Encoding in an HTTP/1.0 request");
      }
      if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
        return bad("unsupported Transfer-Encoding: " + String.join(", ", te)
            + " (expected: chunked)");
      }
    }
    if (cl.size() > 1) {
      return bad("more than one Content-Length");
    }
    List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return bad("more than one Host header");
    }
    if (hasControlCharacter(request.uri())) {
      return bad("control character in the request target");
    }
    RequestRejectedException target = normalizeTarget(request);
    if (target != null) {
      return target;
    }
    String host = headers.get(HttpHeaderNames.HOST);
    if (host == null || host.isBlank()) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
        return bad("missing Host header");
      }
    } else if (HostAndPort.parseAuthority(host.trim(), -1) == null) {
      return bad("invalid Host header: " + host);
    }
    return null;
  }

  /** Origin-form and {@code *} pass; absolute-form becomes origin-form plus Host. */
  private static RequestRejectedException normalizeTarget(HttpRequest request) {
    String uri = request.uri();
    if (uri.startsWith("/")) {
      return null;
    }
    if (uri.equals("*")) {
      return request.method().equals(HttpMethod.OPTIONS) ? null : bad("invalid request target *");
    }
    int schemeEnd = uri.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd);
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      return bad("invalid request target: " + uri);
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < uri.length() && "/?#".indexOf(uri.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = uri.substring(authorityStart, authorityEnd);
    if (authority.isEmpty() || authority.contains("@")
        || HostAndPort.parseAuthority(authority, -1) == null) {
      return bad("invalid authority in request target: " + uri);
    }
    String rest = uri.substring(authorityEnd);
    if (rest.startsWith("#")) {
      return bad("invalid request target: " + uri);
    }
    request.setUri(rest.startsWith("/") ? rest : "/" + rest);
    request.headers().set(HttpHeaderNames.HOST, authority);
    return null;
  }

  /** Whether {@code target} holds a byte no request target may (space, controls, DEL). */
  public static boolean hasControlCharacter(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static RequestRejectedException bad(String message) {
    return new RequestRejectedException(400, message);
  }
}
