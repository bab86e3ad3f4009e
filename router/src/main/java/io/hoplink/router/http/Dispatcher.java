package io.hoplink.router.http;

/**
 * Decides where a request goes. Called on the connection's event loop for each request that
 * passed validation and normalization; it must end the exchange, by {@link
 * ProxyExchange#forward} or {@link ProxyExchange#fail}, now or later, and never block.
 */
@FunctionalInterface
public interface Dispatcher {
  void dispatch(ProxyExchange exchange);
}
