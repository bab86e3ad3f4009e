package io.hoplink.router.h2;

import io.vertx.core.MultiMap;

/**
 * A forwarded stream whose response was relayed to the client to its end.
 *
 * @param status the upstream {@code :status}
 * @param grpcStatus the {@code grpc-status} of its trailers (or trailers-only headers); -1: none
 * @param trailers the upstream's trailers (empty when none); read them, do not change them
 */
public record H2Result(int status, int grpcStatus, MultiMap trailers, long requestBodyBytes,
    long responseBodyBytes) {

  /** A status below 500 and, when there is one, {@code grpc-status} 0. */
  public boolean success() {
    return status < 500 && grpcStatus <= 0;
  }
}
