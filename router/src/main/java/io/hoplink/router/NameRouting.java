package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Activity;
import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dentry;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

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

  /** System namers that make an address out of path segments. */
  private static final Set<String> ADDRESS_NAMERS = Set.of("inet", "io.buoyant.rinet",
      "io.buoyant.hostportPfx", "io.buoyant.porthostPfx");

  /** The router's dtab in force (one from a watched file or ConfigMap changes). */
  private final RouterDtab baseDtab;
  private final BindingCache bindings;
  private final Duration bindingTimeout;
  private final boolean allowRequestDtabAddresses;
  private final LongSupplier nanoTime;

  NameRouting(Dtab baseDtab, BindingCache bindings, Duration bindingTimeout,
      boolean allowRequestDtabAddresses) {
    this(RouterDtab.fixed(requireNonNull(baseDtab, "baseDtab")), bindings, bindingTimeout,
        allowRequestDtabAddresses, System::nanoTime);
  }

  NameRouting(RouterDtab baseDtab, BindingCache bindings, Duration bindingTimeout,
      boolean allowRequestDtabAddresses, LongSupplier nanoTime) {
    this.baseDtab = requireNonNull(baseDtab, "baseDtab");
    this.bindings = requireNonNull(bindings, "bindings");
    this.bindingTimeout = requireNonNull(bindingTimeout, "bindingTimeout");
    this.allowRequestDtabAddresses = allowRequestDtabAddresses;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * The first destination of {@code dtab} that makes an address, or could once a residual path
   * is appended ({@code /}, {@code /$}), shown; null when there is none.
   */
  static String namedAddress(Dtab dtab) {
    for (Dentry dentry : dtab.entries()) {
      String found = namedAddress(dentry.dst());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String namedAddress(NameTree<Path> tree) {
    if (tree instanceof NameTree.Leaf<Path> leaf) {
      Path path = leaf.value();
      boolean system = path.isEmpty() || path.get(0).equals("$");
      return system && (path.size() < 2 || ADDRESS_NAMERS.contains(path.get(1)))
          ? path.show() : null;
    }
    List<NameTree<Path>> branches = tree instanceof NameTree.Alt<Path> alt ? alt.trees()
        : tree instanceof NameTree.Union<Path> union
            ? union.trees().stream().map(NameTree.Weighted::tree).toList() : List.of();
    for (NameTree<Path> branch : branches) {
      String found = namedAddress(branch);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * Binds {@code name} under the request's dtab and hands the bound tree's picker (one per
   * tree, kept by the binding) to {@code route}, now or once discovery answers; a malformed dtab is a 400, a failed binding a 502, a binding that
   * does not answer in time a 503. Before the router has a dtab (a ConfigMap not listed yet)
   * the request waits for it, within the same binding timeout, as Linkerd's pending dtab.
   */
  void bind(String localDtab, MultiMap headers, Path name, Failure failure,
      Consumer<BoundTreePicker> route) {
    Dtab base = baseDtab.current(); // read once: the request binds under one dtab throughout
    if (base != null) {
      bind(base, localDtab, headers, name, failure, route, bindingTimeout);
      return;
    }
    long start = nanoTime.getAsLong();
    Future.fromCompletionStage(baseDtab.first(), Vertx.currentContext())
        .timeout(bindingTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(first -> bind(baseDtab.current(), localDtab, headers, name, failure, route,
            bindingTimeout.minusNanos(nanoTime.getAsLong() - start)))
        .onFailure(e -> failure.fail(503, "binding " + name.show() + " timed out after "
            + bindingTimeout.toMillis() + " ms: no dtab from " + baseDtab.sourceShown()
            + " is in force yet"));
  }

  private void bind(Dtab base, String localDtab, MultiMap headers, Path name, Failure failure,
      Consumer<BoundTreePicker> route, Duration timeout) {
    Dtab dtab = base;
    if (!localDtab.isEmpty()) {
      Dtab override;
      try {
        override = Dtab.read(localDtab);
      } catch (IllegalArgumentException e) {
        failure.fail(400, "malformed l5d-dtab or l5d-ctx-dtab: " + e.getMessage());
        return;
      }
      String address = allowRequestDtabAddresses ? null : namedAddress(override);
      if (address != null) {
        failure.fail(403, "a per-request dtab may not name addresses (" + address
            + "); the router's allowRequestDtabAddresses is off");
        return;
      }
      dtab = base.concat(override);
      headers.set("l5d-ctx-dtab", override.show());
    }
    BindingCache.Binding binding = bindings.get(dtab, name);
    Activity.State<NameTree<Name.Bound>> state = binding.current();
    if (state instanceof Activity.Ok<NameTree<Name.Bound>> ok) {
      route.accept(binding.attached(ok.value(), BoundTreePicker::of));
    } else if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      failure.fail(502, "binding " + name.show() + " failed: " + failed.message());
    } else {
      Future.fromCompletionStage(binding.ready(), Vertx.currentContext())
          .timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
          .onSuccess(tree -> route.accept(binding.attached(tree, BoundTreePicker::of)))
          .onFailure(e -> failure.fail(e instanceof TimeoutException ? 503 : 502,
              "binding " + name.show() + (e instanceof TimeoutException
                  ? " timed out after " + bindingTimeout.toMillis() + " ms"
                  : " failed: " + e.getMessage())));
    }
  }
}
