package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ClientTlsConfig;
import io.hoplink.router.tls.TlsOptions;
import io.hoplink.router.tls.TlsReloader;
import io.hoplink.config.ClientParams;
import io.hoplink.config.HostConnectionPoolConfig;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.Plugins;
import io.hoplink.config.Protocol;
import io.hoplink.config.RouterConfig;
import io.hoplink.config.ServiceParams;
import io.hoplink.naming.Path;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.FailureAccrual;
import io.hoplink.router.resilience.FailureAccrualPlugin;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import io.hoplink.router.resilience.ResponseClassifier;
import io.hoplink.router.resilience.RetryBudget;
import io.hoplink.router.resilience.classifiers.NonRetryable5XXPlugin;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import io.hoplink.router.upstream.H2UpstreamOptions;
import io.hoplink.router.upstream.Upstream;
import io.hoplink.router.upstream.UpstreamPoolOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds the run-time policies of a router's clients and services from its {@code client} and
 * {@code service} blocks. Connections are shared by the clients that speak the same protocol
 * upstream with equal settings (HTTP/1.1: {@code hostConnectionPool}; h2c: one set per router).
 */
final class ResiliencePolicies implements AutoCloseable {
  private static final ResponseClassifier DEFAULT_CLASSIFIER = new NonRetryable5XXPlugin()
      .newClassifier(new NonRetryable5XXPlugin.Config(NonRetryable5XXPlugin.KIND));

  private final RouterConfig config;
  private final Plugins plugins;
  private final Vertx vertx;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;
  /** Keyed by {@link UpstreamPoolOptions} (HTTP/1.1) or {@link H2UpstreamOptions} (h2c). */
  private final Map<Object, Upstream> pools = new ConcurrentHashMap<>();
  /** Where the certificates of TLS clients are watched; null: not watched (tests). */
  private final TlsReloader reloader;
  /** The certificate watches of this router's TLS clients, ended with it. */
  private final Map<Object, TlsReloader.Handle> tlsWatches = new ConcurrentHashMap<>();
  private final RouterEvents events;

  ResiliencePolicies(RouterConfig config, Plugins plugins, Vertx vertx, RandomGenerator random,
      LongSupplier nanoTime) {
    this(config, plugins, vertx, random, nanoTime, null);
  }

  ResiliencePolicies(RouterConfig config, Plugins plugins, Vertx vertx, RandomGenerator random,
      LongSupplier nanoTime, TlsReloader reloader) {
    this(config, plugins, vertx, random, nanoTime, reloader, RouterEvents.of(config.label()));
  }

  /** As above, with the router's event lines going to {@code events}. */
  ResiliencePolicies(RouterConfig config, Plugins plugins, Vertx vertx, RandomGenerator random,
      LongSupplier nanoTime, TlsReloader reloader, RouterEvents events) {
    this.events = requireNonNull(events, "events");
    this.reloader = reloader;
    this.config = requireNonNull(config, "config");
    this.plugins = requireNonNull(plugins, "plugins");
    this.vertx = requireNonNull(vertx, "vertx");
    this.random = requireNonNull(random, "random");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** The router's event lines: upstream errors, failure accrual, discovery. */
  RouterEvents events() {
    return events;
  }

  ClientPolicy client(Path id, Metrics scope) {
    ClientParams params = config.client().params(id.segments());
    FailureAccrual accrual = new FailureAccrual(policies(params.failureAccrual()), nanoTime, scope,
        events.accrual(id));
    return new ClientPolicy(accrual, RetryBudget.of(params.requeueBudget(), nanoTime),
        scope.counter("retries/requeues"), upstream(params), params.failFast(),
        params.requestAttemptTimeout(), params.forwardClientCert());
  }

  ServicePolicy service(Path name, Metrics scope) {
    ServiceParams params = config.service().params(name.segments());
    return new ServicePolicy(new RequestStats(scope), scope, classifier(params.responseClassifier()),
        RetryBudget.of(params.retries().budget(), nanoTime),
        Backoff.of(params.retries().backoff(), random), params.totalTimeout(),
        scope.counter("retries/total"), scope.counter("retries/budget_exhausted"),
        params.retryBufferSize(), params.classificationTimeout());
  }

  /** The connections of one kind, with one TLS setting: the key of a shared upstream. */
  private record PoolKey(Record options, Optional<ClientTlsConfig> tls) {}

  private Upstream upstream(ClientParams params) {
    Optional<ClientTlsConfig> named = params.tls().filter(ClientTlsConfig::enabled);
    // One set of connections per TLS setting, whatever the commonName its captures fill in (a
    // name per request host would be a client per host): the name goes with each request.
    Optional<ClientTlsConfig> tls = named.map(ClientTlsConfig::withoutCommonName);
    return shared(params, tls).named(named.flatMap(ClientTlsConfig::commonName));
  }

  private Upstream shared(ClientParams params, Optional<ClientTlsConfig> tls) {
    PoolKey poolKey = poolKey(params, tls);
    if (params.protocol() == Protocol.H2) {
      return pools.computeIfAbsent(poolKey,
          key -> watched(key, Upstream.h2c(vertx, (H2UpstreamOptions) poolKey.options(), tls),
              tls, true));
    }
    // Requests come from the loops of the router's servers: h2 runs one, http one per core.
    int loops = config.protocol() == Protocol.H2 ? 1 : Frontend.http1Loops();
    return pools.computeIfAbsent(poolKey, key -> watched(key,
        Upstream.http1(vertx, (UpstreamPoolOptions) poolKey.options(), tls, loops), tls, false));
  }

  private PoolKey poolKey(ClientParams params, Optional<ClientTlsConfig> tls) {
    return new PoolKey(params.protocol() == Protocol.H2 ? H2UpstreamOptions.defaults()
        : poolOptions(params.hostConnectionPool()), tls);
  }

  /**
   * Takes over from {@code before} (the same router's policies before a config reload) the
   * connection pools of clients with {@code params}, whose clients the new router keeps: their
   * connections stay open, and {@code before} no longer closes them.
   */
  void adoptPools(ResiliencePolicies before, java.util.Collection<ClientParams> params) {
    for (ClientParams p : params) {
      PoolKey key = poolKey(p, p.tls().filter(ClientTlsConfig::enabled)
          .map(ClientTlsConfig::withoutCommonName));
      Upstream pool = before.pools.remove(key);
      if (pool != null && pools.putIfAbsent(key, pool) == null) {
        TlsReloader.Handle watch = before.tlsWatches.remove(key);
        if (watch != null) {
          tlsWatches.put(key, watch);
        }
      }
    }
  }

  /** A TLS upstream takes renewed certificates from its files without a restart. */
  private Upstream watched(Object key, Upstream upstream, Optional<ClientTlsConfig> tls,
      boolean h2) {
    if (reloader != null && tls.isPresent()) {
      ClientTlsConfig t = tls.get();
      tlsWatches.put(key, reloader.watch("router '" + config.label() + "' client tls", TlsOptions.files(t), () -> {
            io.vertx.core.http.HttpClientOptions options =
                TlsOptions.client(new io.vertx.core.http.HttpClientOptions(), t, h2);
            if (options.getKeyCertOptions() != null) {
              TlsOptions.checkPair(vertx, options.getKeyCertOptions());
            }
            return options.getSslOptions();
          }, options -> upstream.updateSsl((io.vertx.core.net.ClientSSLOptions) options)));
    }
    return upstream;
  }

  /** Linkerd's unbounded values become hoplink's defaults: Vert.x sizes its pool up front. */
  static UpstreamPoolOptions poolOptions(HostConnectionPoolConfig pool) {
    UpstreamPoolOptions d = UpstreamPoolOptions.defaults();
    int maxSize = pool.maxSize() == Integer.MAX_VALUE ? d.maxSize() : pool.maxSize();
    int maxWaiters = pool.maxWaiters() == Integer.MAX_VALUE ? d.maxWaiters() : pool.maxWaiters();
    Duration idle = pool.idleTime().orElse(d.idleTimeout());
    return new UpstreamPoolOptions(maxSize, maxWaiters, idle, d.connectTimeout());
  }

  private Supplier<FailureAccrualPolicy> policies(PluginConfig accrual) {
    PluginRegistry<?> registry = plugins.registry(FailureAccrualPlugin.FAMILY);
    if (!registry.has(accrual.kind())) {
      return FailureAccrualPolicy::never; // only when the plugin is not on the class path
    }
    FailureAccrualPlugin<?> plugin = (FailureAccrualPlugin<?>) registry.of(accrual);
    return () -> plugin.newPolicyUnchecked(accrual, nanoTime, random);
  }

  private ResponseClassifier classifier(PluginConfig classifier) {
    PluginRegistry<?> registry = plugins.registry(ClassifierPlugin.FAMILY);
    if (!registry.has(classifier.kind())) {
      return DEFAULT_CLASSIFIER; // only when the plugin is not on the class path
    }
    return ((ClassifierPlugin<?>) registry.of(classifier)).newClassifierUnchecked(classifier);
  }

  @Override
  public void close() {
    tlsWatches.values().forEach(TlsReloader.Handle::close);
    pools.values().forEach(Upstream::close);
  }
}
