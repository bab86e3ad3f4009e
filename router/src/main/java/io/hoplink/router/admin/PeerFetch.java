package io.hoplink.router.admin;

import io.vertx.core.Future;

/**
 * Asks one peer router's admin port for its graph ({@link LocalGraph#PATH}). The only input is the
 * peer's IP, which {@link PeerGraph} takes from the gateways a daemonset transformer gave; port,
 * path and method are fixed by the implementation.
 */
interface PeerFetch {
  /** The peer's answer as plain data, or a failure whose message says why (shown on the page). */
  Future<Object> fetch(String host);

  /** Frees the connections. */
  default void close() {}
}
