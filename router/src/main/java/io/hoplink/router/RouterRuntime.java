package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.BindingCacheConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
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
  private final BoundedCache<Path, ServiceStats> services;

  /** The stats of one service name, with the scope to drop when the name is evicted. */
  private record ServiceStats(RequestStats stats, Metrics scope) {}

  RouterRuntime(RouterConfig config, Metrics metrics, RandomGenerator random,
      LongSupplier nanoTime) {
    this.config = requireNonNull(config, "config");
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

  Metrics scope() {
    return scope;
  }

  BoundClient client(Name.Bound bound) {
    return clients.get(bound.id(), id -> new BoundClient(bound,
        config.client().params(id.segments()).loadBalancer(), random, nanoTime,
        scope.scope("client", id.show())));
  }

  RequestStats serviceStats(Path name) {
    return services.get(name, n -> {
      Metrics serviceScope = scope.scope("service", n.show());
      return new ServiceStats(new RequestStats(serviceScope), serviceScope);
    }).stats();
  }

  /** What /client_state.json shows for this router. */
  Map<String, Object> clientState() {
    Map<String, Object> out = new LinkedHashMap<>();
    clients.forEach((id, client) -> out.put(id.show(), client.state()));
    return out;
  }

  @Override
  public void close() {
    clients.clear();
  }
}
