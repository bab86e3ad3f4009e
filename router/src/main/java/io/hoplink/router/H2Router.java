package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Activity;
import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.router.h2.H2Dispatcher;
import io.hoplink.router.h2.H2Exchange;
import io.hoplink.router.h2.H2Upstream;
import io.hoplink.router.identifiers.Identification;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.RequestHead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one h2 router does with each stream: name it ({@code :authority} by default), bind the
 * name through the dtab (the router's plus the request's), then let an
 * {@link H2ResilientStream} choose bound names and, for this stream alone, endpoints from the
 * client's balancer, and forward, with retries and timeouts. Success and failure are what the
 * service's classifier says (with a gRPC classifier, the {@code grpc-status}).
 */
final class H2Router implements H2Dispatcher {
  private final Identifier identifier;
  private final Dtab baseDtab;
  private final BindingCache bindings;
  private final Duration bindingTimeout;
  private final RouteEnv env;
  private final H2Upstream upstream;

  H2Router(Identifier identifier, Dtab baseDtab, BindingCache bindings, Duration bindingTimeout,
      RouteEnv env, H2Upstream upstream) {
    this.identifier = requireNonNull(identifier, "identifier");
    this.baseDtab = requireNonNull(baseDtab, "baseDtab");
    this.bindings = requireNonNull(bindings, "bindings");
    this.bindingTimeout = requireNonNull(bindingTimeout, "bindingTimeout");
    this.env = requireNonNull(env, "env");
    this.upstream = requireNonNull(upstream, "upstream");
  }

  @Override
  public void dispatch(H2Exchange exchange) {
    HttpVersion v = exchange.version();
    String version = v == HttpVersion.HTTP_2 ? "2" : v == HttpVersion.HTTP_1_0 ? "1.0" : "1.1";
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
    Dtab dtab = baseDtab;
    String local = exchange.localDtab();
    if (!local.isEmpty()) {
      Dtab override;
      try {
        override = Dtab.read(local);
      } catch (IllegalArgumentException e) {
        exchange.fail(400, "malformed l5d-dtab or l5d-ctx-dtab: " + e.getMessage());
        return;
      }
      dtab = baseDtab.concat(override);
      exchange.headers().set("l5d-ctx-dtab", override.show());
    }
    Path name = named.name();
    BindingCache.Binding binding = bindings.get(dtab, name);
    Activity.State<NameTree<Name.Bound>> state = binding.current();
    if (state instanceof Activity.Ok<NameTree<Name.Bound>> ok) {
      route(exchange, name, ok.value());
    } else if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      exchange.fail(502, "binding " + name.show() + " failed: " + failed.message());
    } else {
      Future.fromCompletionStage(binding.ready(), Vertx.currentContext())
          .timeout(bindingTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .onSuccess(tree -> route(exchange, name, tree))
          .onFailure(e -> exchange.fail(e instanceof TimeoutException ? 503 : 502,
              "binding " + name.show() + (e instanceof TimeoutException
                  ? " timed out after " + bindingTimeout.toMillis() + " ms"
                  : " failed: " + e.getMessage())));
    }
  }

  private void route(H2Exchange exchange, Path name, NameTree<Name.Bound> tree) {
    new H2ResilientStream(env, upstream, exchange, name, tree).start();
  }
}
