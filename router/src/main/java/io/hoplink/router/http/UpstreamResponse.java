package io.hoplink.router.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * An upstream response whose head has arrived and whose body waits, not yet relayed to the
 * client (see {@link ProxyExchange#send}). Exactly one of {@link #relay()} or {@link #discard()}
 * must follow; both on the connection's event loop.
 */
public interface UpstreamResponse {

  int status();

  /** The response headers as the upstream sent them; read them, do not change them. */
  MultiMap headers();

  /**
   * Relays the head (with the exchange's response headers set over it) and streams the body
   * to the client; completes once the response was relayed in full, as
   * {@link ProxyExchange#forward} does.
   */
  Future<UpstreamResult> relay();

  /**
   * Drops this response and closes its upstream connection. The exchange stays open: it can
   * be sent again if {@link ProxyExchange#replayable()}, and must otherwise be failed.
   */
  void discard();
}
