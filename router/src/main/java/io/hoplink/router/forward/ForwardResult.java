package io.hoplink.router.forward;

import io.vertx.core.MultiMap;

/**
 * A forwarded request whose response was relayed to the client to its end.
 *
 * @param status the upstream status, as sent to the client
 * @param grpcStatus the {@code grpc-status} of its trailers (or trailers-only headers); -1: none
 * @param trailers the upstream's trailers (empty when none); read them, do not change them
 * @param requestBodyBytes request body bytes read from the client
 * @param responseBodyBytes response body bytes relayed to the client
 */
public record ForwardResult(int status, int grpcStatus, MultiMap trailers, long requestBodyBytes,
    long responseBodyBytes) {}
