package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.router.http.Dispatcher;
import io.hoplink.router.http.ProxyExchange;
import io.hoplink.router.identifiers.Identification;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.RequestHead;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;

/**
 * What one HTTP router does with each request: name it, bind the name through the dtab (the
 * router's plus the request's own), then let a {@link ResilientRequest} choose bound names and
 * endpoints and forward, with retries and timeouts.
 */
final class HttpRouter implements Dispatcher {
  private final Identifier identifier;
  private final NameRouting routing;
  private final RouteEnv env;

  HttpRouter(Identifier identifier, Dtab baseDtab, BindingCache bindings, Duration bindingTimeout,
      RouteEnv env) {
    this.identifier = requireNonNull(identifier, "identifier");
    this.routing = new NameRouting(baseDtab, bindings, bindingTimeout);
    this.env = requireNonNull(env, "env");
  }

  @Override
  public void dispatch(ProxyExchange exchange) {
    String version = exchange.version() == HttpVersion.HTTP_1_0 ? "1.0" : "1.1";
    RequestHead head =
        new RequestHead(exchange.method().name(), version, exchange.uri(), exchange.headers());
    Identification identification = identifier.identify(head);
    if (identification instanceof Identification.Unidentified u) {
      exchange.fail(400, "cannot identify the request: " + u.reason());
      return;
    }
    Identification.Identified named = (Identification.Identified) identification;
    if (!named.uri().equals(exchange.uri())) {
      exchange.setUri(named.uri());
    }
    Path name = named.name();
    routing.bind(exchange.localDtab(), exchange.headers(), name, exchange::fail,
        tree -> route(exchange, name, tree));
  }

  private void route(ProxyExchange exchange, Path name, NameTree<Name.Bound> tree) {
    new ResilientRequest(env, exchange, name, tree).start();
  }
}
