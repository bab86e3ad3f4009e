package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Path;
import io.hoplink.router.forward.Dispatcher;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.identifiers.Identification;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.RequestHead;
import io.hoplink.router.tracing.RequestTrace;
import java.time.Duration;

/**
 * What a router does with each request or stream: name it (the identifier), bind the name
 * through the dtab (the router's plus the request's own), then let a {@link ForwardLoop} choose
 * bound names and endpoints and forward, with retries and timeouts.
 */
final class RoutingDispatcher implements Dispatcher {
  private final Identifier identifier;
  private final NameRouting routing;
  private final RouteEnv env;

  RoutingDispatcher(Identifier identifier, RouterDtab baseDtab, BindingCache bindings,
      Duration bindingTimeout, boolean allowRequestDtabAddresses, RouteEnv env) {
    this.identifier = requireNonNull(identifier, "identifier");
    this.routing = new NameRouting(baseDtab, bindings, bindingTimeout,
        allowRequestDtabAddresses, env.nanoTime());
    this.env = requireNonNull(env, "env");
  }

  @Override
  public void dispatch(Exchange exchange) {
    dispatch(exchange, RequestTrace.NONE);
  }

  /** Routes {@code exchange}, whose attempts {@code trace} records. */
  void dispatch(Exchange exchange, RequestTrace trace) {
    RequestHead head = new RequestHead(exchange.method().name(),
        HopHeaders.viaVersion(exchange.version()), exchange.path(), exchange.headers());
    Identification identification = identifier.identify(head);
    if (identification instanceof Identification.Unidentified u) {
      exchange.fail(400, "cannot identify the request: " + u.reason());
      return;
    }
    if (identification instanceof Identification.Unavailable u) {
      exchange.fail(503, "cannot identify the request yet: " + u.reason());
      return;
    }
    Identification.Identified named = (Identification.Identified) identification;
    if (!named.uri().equals(exchange.path())) {
      exchange.setPath(named.uri());
    }
    Path name = named.name();
    routing.bind(exchange.localDtab(), exchange.headers(), name, exchange::fail,
        picker -> new ForwardLoop(env, exchange, name, picker, trace).start());
  }
}
