package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Activity;
import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.router.http.Dispatcher;
import io.hoplink.router.http.ProxyExchange;
import io.hoplink.router.http.UpstreamClients;
import io.hoplink.router.http.UpstreamNotWrittenException;
import io.hoplink.router.identifiers.Identification;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.RequestHead;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.RequestStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What one HTTP router does with each request: name it, bind the name through the dtab (the
 * router's plus the request's own), choose a bound name and an endpoint, and forward.
 */
final class HttpRouter implements Dispatcher {
  private final RouterRuntime runtime;
  private final Identifier identifier;
  private final Dtab baseDtab;
  private final BindingCache bindings;
  private final Duration bindingTimeout;
  private final UpstreamClients upstream;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;

  HttpRouter(RouterRuntime runtime, Identifier identifier, Dtab baseDtab, BindingCache bindings,
      Duration bindingTimeout, UpstreamClients upstream, RandomGenerator random,
      LongSupplier nanoTime) {
    this.runtime = requireNonNull(runtime, "runtime");
    this.identifier = requireNonNull(identifier, "identifier");
    this.baseDtab = requireNonNull(baseDtab, "baseDtab");
    this.bindings = requireNonNull(bindings, "bindings");
    this.bindingTimeout = requireNonNull(bindingTimeout, "bindingTimeout");
    this.upstream = requireNonNull(upstream, "upstream");
    this.random = requireNonNull(random, "random");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
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
          .onFailure(e -> {
            if (e instanceof TimeoutException) {
              exchange.fail(503, "binding " + name.show() + " timed out after "
                  + bindingTimeout.toMillis() + " ms");
            } else {
              exchange.fail(502, "binding " + name.show() + " failed: " + e.getMessage());
            }
          });
    }
  }

  private void route(ProxyExchange exchange, Path name, NameTree<Name.Bound> tree) {
    Name.Bound bound = BoundTrees.pick(tree, random);
    if (bound == null) {
      exchange.fail(502, "no hosts are available for " + name.show() + ": it binds to "
          + tree.show());
      return;
    }
    BoundClient client = runtime.client(bound);
    Node node = client.pick();
    if (node == null) {
      exchange.fail(502, "no hosts are available for " + bound.id().show());
      return;
    }
    exchange.headers().set("l5d-dst-service", name.show());
    exchange.headers().set("l5d-dst-client", bound.id().show());
    exchange.headers().set("l5d-dst-residual", bound.residual().show());
    RequestStats service = runtime.serviceStats(name);
    RequestStats clientStats = client.stats();
    long start = nanoTime.getAsLong();
    service.started();
    clientStats.started();
    node.begin();
    exchange.forward(upstream, node.address().host(), node.address().port())
        .onComplete(result -> {
          long elapsed = nanoTime.getAsLong() - start;
          node.end(elapsed);
          if (result.succeeded()) {
            int status = result.result().status();
            service.ended(status, elapsed);
            clientStats.ended(status, elapsed);
            return;
          }
          Throwable cause = result.cause();
          String what = cause instanceof UpstreamNotWrittenException ? "connection to " : "request to ";
          exchange.fail(502, what + node.address().hostPort() + " failed: " + cause.getMessage());
          service.ended(502, elapsed);
          clientStats.ended(502, elapsed);
        });
  }
}
