package io.hoplink.router.forward;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.resilience.Deadline;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
 */
record IncomingHead(MultiMap headers, String localDtab, int viaHops, long declaredLength,
    boolean grpc, Deadline deadline) {

  static IncomingHead read(HttpServerRequest request, Wire wire, FrontendImpl frontend) {
    ServerConfig config = frontend.config();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.addAll(request.headers());
    long declared = declaredLength(headers, wire, request.isEnded());
    String localDtab = HopHeaders.takeLocalDtab(headers, config.clearContext());
    wire.stripHopHeaders(headers);
    int viaHops = HopHeaders.viaHops(headers);
    HopHeaders.appendVia(headers, request.version());
    if (!headers.contains(HopHeaders.REQUEST_ID)) {
      headers.set(HopHeaders.REQUEST_ID, frontend.newRequestId());
    }
    if (config.addForwardedHeader()) {
      ForwardedHeader.append(headers, request.remoteAddress(), request.localAddress());
    }
    long wallNanos = frontend.wallNanos();
    if (config.timestampHeader() != null) {
      headers.set(config.timestampHeader(), Long.toString(wallNanos / 1_000_000));
    }
    Deadline deadline = Deadline.fromHeaders(headers.getAll(Deadline.HEADER),
        headers.get(Deadline.GRPC_TIMEOUT), wallNanos);
    headers.set(Exchange.METHOD, request.method().name());
    HostAndPort authority = request.authority();
    if (authority != null) {
      headers.set(Exchange.AUTHORITY, authority.port() < 0
          ? authority.host() : authority.host() + ":" + authority.port());
    }
    headers.set(Exchange.PATH, request.uri());
    return new IncomingHead(headers, localDtab, viaHops, declared, GrpcStatus.isGrpc(headers),
        deadline);
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
}
