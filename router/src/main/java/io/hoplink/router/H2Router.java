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
import io.hoplink.router.h2.H2ForwardException;
import io.hoplink.router.h2.H2Result;
import io.hoplink.router.h2.H2Upstream;
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
 * What one h2 router does with each stream: name it ({@code :authority} by default), bind the
 * name through the dtab (the router's plus the request's), choose a bound name and, for this
 * stream alone, an endpoint from the client's balancer, and forward. A gRPC call whose
 * {@code grpc-status} is not 0 counts as a failure in the service and client metrics.
 */
final class H2Router implements H2Dispatcher {
  private final RouterRuntime runtime;
  private final Identifier identifier;
  private final Dtab baseDtab;
  private final BindingCache bindings;
  private final Duration bindingTimeout;
  private final H2Upstream upstream;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;

  H2Router(RouterRuntime runtime, Identifier identifier, Dtab baseDtab, BindingCache bindings,
      Duration bindingTimeout, H2Upstream upstream, RandomGenerator random, LongSupplier nanoTime) {
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
    RequestStats service = runtime.service(name).stats();
    RequestStats clientStats = client.stats();
    long start = nanoTime.getAsLong();
    service.started();
    clientStats.started();
    node.begin();
    exchange.forward(upstream, node.address().host(), node.address().port())
        .onComplete(result -> {
          node.end();
          long elapsed = nanoTime.getAsLong() - start;
          if (result.succeeded()) {
            H2Result r = result.result();
            service.ended(r.status(), r.success(), elapsed);
            clientStats.ended(r.status(), r.success(), elapsed);
            return;
          }
          boolean answered = result.cause() instanceof H2ForwardException f && f.answered();
          if (!answered) {
            exchange.fail(502, "request to " + node.address().hostPort() + " failed: "
                + result.cause().getMessage());
          }
          service.ended(answered ? -1 : 502, false, elapsed);
          clientStats.ended(answered ? -1 : 502, false, elapsed);
        });
  }
}
