package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.router.lb.Balancer;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The state one router keeps across requests: a client per bound name and the stats of each
 * service name, both made on first use and then found with one map lookup.
 */
final class RouterRuntime implements AutoCloseable {
  private final RouterConfig config;
  private final Metrics scope;
  private final RandomGenerator random;
  private final Map<Path, BoundClient> clients = new ConcurrentHashMap<>();
  private final Map<Path, RequestStats> services = new ConcurrentHashMap<>();

  RouterRuntime(RouterConfig config, Metrics metrics, RandomGenerator random) {
    this.config = requireNonNull(config, "config");
    this.scope = metrics.scope("rt", config.label());
    this.random = requireNonNull(random, "random");
  }

  RouterConfig config() {
    return config;
  }

  Metrics scope() {
    return scope;
  }

  BoundClient client(Name.Bound bound) {
    BoundClient client = clients.get(bound.id());
    if (client != null) {
      return client;
    }
    return clients.computeIfAbsent(bound.id(), id ->
        new BoundClient(bound, Balancer.p2c(random), scope.scope("client", id.show())));
  }

  RequestStats serviceStats(Path name) {
    RequestStats stats = services.get(name);
    if (stats != null) {
      return stats;
    }
    return services.computeIfAbsent(name, n -> new RequestStats(scope.scope("service", n.show())));
  }

  /** What /client_state.json shows for this router. */
  Map<String, Object> clientState() {
    Map<String, Object> out = new LinkedHashMap<>();
    clients.forEach((id, client) -> out.put(id.show(), client.state()));
    return out;
  }

  @Override
  public void close() {
    clients.values().forEach(BoundClient::close);
  }
}
