package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.router.h2.H2Dispatcher;
import io.hoplink.router.h2.H2Exchange;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.identifiers.Identification;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.RequestHead;
import java.time.Duration;

/**
 * What one h2 router does with each stream: name it ({@code :authority} by default), bind the
 * name through the dtab (the router's plus the request's), then let an
 * {@link H2ResilientStream} choose bound names and, for this stream alone, endpoints from the
 * client's balancer, and forward, with retries and timeouts. Success and failure are what the
 * service's classifier says (with a gRPC classifier, the {@code grpc-status}).
 */
final class H2Router implements H2Dispatcher {
  private final Identifier identifier;
  private final NameRouting routing;
  private final RouteEnv env;

  H2Router(Identifier identifier, Dtab baseDtab, BindingCache bindings, Duration bindingTimeout,
      RouteEnv env) {
    this.identifier = requireNonNull(identifier, "identifier");
    this.routing = new NameRouting(baseDtab, bindings, bindingTimeout);
    this.env = requireNonNull(env, "env");
  }

  @Override
  public void dispatch(H2Exchange exchange) {
    String version = HopHeaders.viaVersion(exchange.version());
    RequestHead head =
        new RequestHead(exchange.method().name(), version, exchange.path(), exchange.headers());
    Identification identification = identifier.identify(head);
    if (identification instanceof Identification.Unidentified u) {
      exchange.fail(400, "cannot identify the request: " + u.reason());
      return;
    }
    Identification.Identified named = (Identification.Identified) identification;
    if (!named.uri().equals(exchange.path())) {
      exchange.setPath(named.uri());
    }
    Path name = named.name();
    routing.bind(exchange.localDtab(), exchange.headers(), name, exchange::fail,
        tree -> route(exchange, name, tree));
  }

  private void route(H2Exchange exchange, Path name, NameTree<Name.Bound> tree) {
    new H2ResilientStream(env, exchange, name, tree).start();
  }
}
