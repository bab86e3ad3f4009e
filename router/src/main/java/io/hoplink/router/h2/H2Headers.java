package io.hoplink.router.h2;

import io.hoplink.router.hop.HopHeaders;
import io.vertx.core.MultiMap;

/** The h2 router's own header rules (the rules of every hop are {@link HopHeaders}). */
final class H2Headers {
  static final String CONTENT_TYPE = "content-type";

  private H2Headers() {}

  /** Whether the request is gRPC: {@code content-type: application/grpc[+proto|;...]}. */
  static boolean isGrpc(MultiMap headers) {
    String type = headers.get(CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  /** Copies {@code source} into {@code target} without what HTTP/2 forbids. */
  static void copyForward(MultiMap source, MultiMap target) {
    target.addAll(source);
    HopHeaders.stripForHttp2(target);
  }
}
