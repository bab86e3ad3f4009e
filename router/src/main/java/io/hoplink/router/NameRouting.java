package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Activity;
import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The part of routing that is the same for every protocol: the router's dtab with the request's
 * own ({@code l5d-ctx-dtab}, {@code l5d-dtab}) appended and passed on as {@code l5d-ctx-dtab},
 * and the name bound through the binding cache, waiting at most {@code bindingTimeoutMs}.
 */
final class NameRouting {
  /** How a request is answered with a router error. */
  @FunctionalInterface
  interface Failure {
    void fail(int status, String message);
  }

  private final Dtab baseDtab;
  private final BindingCache bindings;
  private final Duration bindingTimeout;

  NameRouting(Dtab baseDtab, BindingCache bindings, Duration bindingTimeout) {
    this.baseDtab = requireNonNull(baseDtab, "baseDtab");
    this.bindings = requireNonNull(bindings, "bindings");
    this.bindingTimeout = requireNonNull(bindingTimeout, "bindingTimeout");
  }

  /**
   * Binds {@code name} under the request's dtab and hands the bound tree to {@code route}, now or
   * once discovery answers; a malformed dtab is a 400, a failed binding a 502, a binding that
   * does not answer in time a 503.
   */
  void bind(String localDtab, MultiMap headers, Path name, Failure failure,
      Consumer<NameTree<Name.Bound>> route) {
    Dtab dtab = baseDtab;
    if (!localDtab.isEmpty()) {
      Dtab override;
      try {
        override = Dtab.read(localDtab);
      } catch (IllegalArgumentException e) {
        failure.fail(400, "malformed l5d-dtab or l5d-ctx-dtab: " + e.getMessage());
        return;
      }
      dtab = baseDtab.concat(override);
      headers.set("l5d-ctx-dtab", override.show());
    }
    BindingCache.Binding binding = bindings.get(dtab, name);
    Activity.State<NameTree<Name.Bound>> state = binding.current();
    if (state instanceof Activity.Ok<NameTree<Name.Bound>> ok) {
      route.accept(ok.value());
    } else if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      failure.fail(502, "binding " + name.show() + " failed: " + failed.message());
    } else {
      Future.fromCompletionStage(binding.ready(), Vertx.currentContext())
          .timeout(bindingTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .onSuccess(route::accept)
          .onFailure(e -> failure.fail(e instanceof TimeoutException ? 503 : 502,
              "binding " + name.show() + (e instanceof TimeoutException
                  ? " timed out after " + bindingTimeout.toMillis() + " ms"
                  : " failed: " + e.getMessage())));
    }
  }
}
