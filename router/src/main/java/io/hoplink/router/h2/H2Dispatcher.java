package io.hoplink.router.h2;

/**
 * Decides where a stream goes. Called on the stream's event loop; it must end the exchange, by
 * {@link H2Exchange#forward} or {@link H2Exchange#fail}, now or later, and never block.
 */
@FunctionalInterface
public interface H2Dispatcher {
  void dispatch(H2Exchange exchange);
}
