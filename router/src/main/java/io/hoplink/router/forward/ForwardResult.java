package io.hoplink.router.forward;

import io.vertx.core.MultiMap;

/**
 * A forwarded request whose response was relayed to the client to its end.
 *
 * @param status the upstream status, as sent to the client
 * @param trailers the upstream's trailers (empty when none); read them, do not change them
 */
public record ForwardResult(int status, MultiMap trailers) {}
