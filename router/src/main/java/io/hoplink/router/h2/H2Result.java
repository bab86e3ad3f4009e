package io.hoplink.router.h2;

/**
 * A forwarded stream whose response was relayed to the client to its end.
 *
 * @param status the upstream {@code :status}
 * @param grpcStatus the {@code grpc-status} of its trailers (or trailers-only headers); -1: none
 */
public record H2Result(int status, int grpcStatus, long requestBodyBytes, long responseBodyBytes) {

  /** A status below 500 and, when there is one, {@code grpc-status} 0. */
  public boolean success() {
    return status < 500 && grpcStatus <= 0;
  }
}
