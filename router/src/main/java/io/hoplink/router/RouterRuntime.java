package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.BindingCacheConfig;
import io.hoplink.config.ClientParams;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.router.telemetry.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The state one router keeps across requests: a client per bound name and the stats of each
 * service name, both made on first use and then found with one map lookup.
 */
final class RouterRuntime implements AutoCloseable {
  private final RouterConfig config;
  private final Metrics scope;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;
  private final BoundedCache<Path, BoundClient> clients;
  private final BoundedCache<Path, ServicePolicy> services;
  private final ResiliencePolicies policies;

  RouterRuntime(RouterConfig config, Metrics metrics, RandomGenerator random,
      LongSupplier nanoTime, ResiliencePolicies policies) {
    this.config = requireNonNull(config, "config");
    this.policies = requireNonNull(policies, "policies");
    this.scope = metrics.scope("rt", config.label());
    this.random = requireNonNull(random, "random");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    BindingCacheConfig limits = config.bindingCache();
    this.clients = new BoundedCache<>(Math.min(limits.clients(), limits.bounds()),
        limits.idleTtl(), nanoTime, BoundClient::close);
    this.services = new BoundedCache<>(limits.paths(), limits.idleTtl(), nanoTime,
        evicted -> evicted.scope().removeAll());
  }

  RouterConfig config() {
    return config;
  }

  /** The router's event lines (upstream errors, failure accrual, discovery). */
  RouterEvents events() {
    return policies.events();
  }

  Metrics scope() {
    return scope;
  }

  BoundClient client(Name.Bound bound) {
    return clients.get(bound.id(), id -> {
      Metrics clientScope = scope.scope("client", id.show());
      return new BoundClient(bound, config.client().params(id.segments()).loadBalancer(), random,
          nanoTime, clientScope, policies.client(id, clientScope), policies.events());
    });
  }

  /** The policy and stats of a service name, made on first use. */
  ServicePolicy service(Path name) {
    return services.get(name, n -> policies.service(n, scope.scope("service", n.show())));
  }

  /** What /client_state.json shows for this router. */
  /** The bound names that have a client now, as {@code /#/io.l5d.fs/hello}. */
  java.util.Set<String> boundNames() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    clients.forEach((id, client) -> out.add(id.show()));
    return out;
  }

  /** Each client, by its bound id, for code that reads their nodes. */
  void forEachClient(java.util.function.BiConsumer<Path, BoundClient> action) {
    clients.forEach(action::accept);
  }

  Map<String, Object> clientState() {
    Map<String, Object> out = new LinkedHashMap<>();
    clients.forEach((id, client) -> out.put(id.show(), client.state()));
    return out;
  }

  @Override
  public void close() {
    clients.clear();
  }

  /**
   * Takes over from {@code before} (the same router before a config reload) each client whose
   * parameters the new config leaves as they were, with its balancer, accrual state and
   * metrics; returns their parameters (their connection pools are to be taken over too).
   */
  java.util.List<ClientParams> adoptClients(RouterRuntime before) {
    java.util.List<ClientParams> kept = new java.util.ArrayList<>();
    java.util.List<Path> ids = new java.util.ArrayList<>();
    before.clients.forEach((id, client) -> ids.add(id));
    for (Path id : ids) {
      ClientParams now = config.client().params(id.segments());
      if (before.config.client().params(id.segments()).equals(now)
          && clients.takeFrom(before.clients, id, nanoTime.getAsLong())) {
        kept.add(now);
      }
    }
    return kept;
  }

  /**
   * Closes the clients of this runtime, which a config reload replaced with {@code next} (the
   * same router): a client that {@code next} has too leaves its metrics to that one.
   */
  void closeReplacedBy(RouterRuntime next) {
    clients.clear((id, client) -> {
      if (next.clients.contains(id)) {
        client.closeKeepingMetrics();
      } else {
        client.close();
      }
    });
  }
}
