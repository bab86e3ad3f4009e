package io.hoplink.router.forward;

/**
 * Decides where a request goes. Called on the exchange's event loop for each request that passed
 * validation and normalization; it must end the exchange (forward it, or fail it), now or later,
 * and never block.
 */
@FunctionalInterface
public interface Dispatcher {
  void dispatch(Exchange exchange);

  /**
   * Takes {@code exchange} as it arrives, before it is refused or dispatched, and returns the
   * dispatcher it is to be dispatched to: the router that takes it sees its end (to count it in
   * flight and write its access log line), whatever ends it.
   */
  default Dispatcher admit(Exchange exchange) {
    return this;
  }
}
