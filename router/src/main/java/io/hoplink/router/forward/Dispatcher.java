package io.hoplink.router.forward;

/**
 * Decides where a request goes. Called on the exchange's event loop for each request that passed
 * validation and normalization; it must end the exchange (forward it, or fail it), now or later,
 * and never block.
 */
@FunctionalInterface
public interface Dispatcher {
  void dispatch(Exchange exchange);
}
