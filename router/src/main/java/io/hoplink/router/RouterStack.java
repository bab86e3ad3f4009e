package io.hoplink.router;

import io.hoplink.config.ClientTlsConfig;
import io.hoplink.config.ConfigException;
import io.hoplink.config.HttpOptions;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.Plugins;
import io.hoplink.config.Protocol;
import io.hoplink.config.RouterConfig;
import io.hoplink.config.ServerConfig;
import io.hoplink.naming.BindingCache;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.DtabSyntaxException;
import io.hoplink.naming.NameInterpreter;
import io.hoplink.naming.Path;
import io.hoplink.router.accesslog.AccessLog;
import io.hoplink.router.accesslog.AccessLogs;
import io.hoplink.router.forward.Dispatcher;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.http.HttpLimits;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.IdentifierPlugin;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tracing.LinkerdTracePropagatorPlugin;
import io.hoplink.router.tracing.RequestTrace;
import io.hoplink.router.tracing.RouterTracing;
import io.hoplink.router.tracing.TracePropagatorPlugin;
import io.hoplink.router.tracing.Tracer;
import io.hoplink.router.telemetry.recent.RecentRequests;
import io.hoplink.transformers.NameTreeTransformer;
import io.hoplink.transformers.TransformerContext;
import io.hoplink.transformers.TransformerPlugin;
import io.hoplink.transformers.Transformers;
import io.hoplink.router.tls.TlsOptions;
import io.hoplink.router.tls.TlsReloader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * One configured router, built: its identifier, dtab, bindings, clients and dispatcher. A config
 * reload builds a new stack; one whose client side is unchanged takes over its predecessor's
 * {@link RouterCore} (bindings, clients, connection pools, balancer and accrual state).
 */
final class RouterStack implements Dispatcher, AutoCloseable {
  private static final RandomGenerator RANDOM = () -> ThreadLocalRandom.current().nextLong();

  private final RouterConfig config;
  private final Vertx vertx;
  private final RouterDtab baseDtab;
  private final RouterCore core;
  private final RoutingDispatcher dispatcher;
  private final Identifier identifier;
  /** Where the certificates of TLS servers and clients are watched; null: not watched. */
  private final TlsReloader reloader;
  private final InFlight inFlight = new InFlight();
  private final RouterTracing tracing;
  /** One hook for every exchange: nothing is made per request to see its end. */
  private final java.util.function.Consumer<Exchange> ended = this::ended;
  /** The router's access log once it is in force; null: none. */
  private volatile AccessLog accessLog;

  private RouterStack(RouterConfig config, Vertx vertx, RouterDtab baseDtab, Identifier identifier,
      RouterCore core, Listeners listeners, TlsReloader reloader, RouterTracing tracing,
      RecentRequests recent) {
    this.config = config;
    this.tracing = tracing;
    this.reloader = reloader;
    this.identifier = identifier;
    this.vertx = vertx;
    this.baseDtab = baseDtab;
    this.core = core;
    long fixedLengthKeep = config.protocol() == Protocol.H2
        ? -1 : config.http().streamAfterContentLengthKB() * 1024L;
    RouteEnv env = new RouteEnv(core.runtime(), Timers.of(vertx), System::nanoTime,
        RouterStack::wallNanos, listeners, fixedLengthKeep, recent);
    this.dispatcher = new RoutingDispatcher(identifier, baseDtab, core.bindings(),
        config.bindingTimeout(), config.allowRequestDtabAddresses(), env);
  }

  /** The bindings, clients and pools of a router, kept across reloads that leave them as they are. */
  record RouterCore(List<NameTreeTransformer> transformers, BindingCache bindings,
      ResiliencePolicies policies, RouterRuntime runtime) implements AutoCloseable {
    static RouterCore build(RouterConfig config, Plugins plugins, NameInterpreter interpreter,
        List<NameTreeTransformer> transformers, Vertx vertx, Metrics metrics,
        TlsReloader reloader) {
      BindingCache bindings = new BindingCache(Transformers.wrap(interpreter, transformers),
          config.bindingCache().trees(), config.bindingCache().idleTtl(), System::nanoTime);
      ResiliencePolicies policies = new ResiliencePolicies(config, plugins, vertx, RANDOM,
          System::nanoTime, reloader);
      return new RouterCore(transformers, bindings, policies,
          new RouterRuntime(config, metrics, RANDOM, System::nanoTime, policies));
    }

    /**
     * Whether a router configured as {@code next} can keep the core built for {@code before}:
     * same namers, label, protocol, client, service, binding cache and interpreter transformers.
     */
    static boolean keeps(RouterConfig before, RouterConfig next) {
      Map<String, Object> a = before.toPlain();
      Map<String, Object> b = next.toPlain();
      for (String key : List.of("protocol", "label", "client", "service", "bindingCache")) {
        if (!java.util.Objects.equals(a.get(key), b.get(key))) {
          return false;
        }
      }
      return before.interpreter().toPlain().get("transformers")
          .equals(next.interpreter().toPlain().get("transformers"));
    }

    @Override
    public void close() {
      bindings.close();
      runtime.close();
      policies.close();
      transformers.forEach(NameTreeTransformer::close);
    }

    /** Closes this core, which {@code next} replaced (the same router, rebuilt by a reload). */
    void closeReplacedBy(RouterCore next) {
      bindings.close();
      runtime.closeReplacedBy(next.runtime());
      policies.close();
      transformers.forEach(NameTreeTransformer::close);
    }
  }

  private static long wallNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Checks and builds; a bad dtab, prefix or protocol is a ConfigException at its position. */
  static RouterStack build(RouterConfig config, Plugins plugins, NameInterpreter interpreter,
      TransformerContext transformerCtx, Vertx vertx, Metrics metrics, Listeners listeners) {
    return build(config, plugins, interpreter, transformerCtx, vertx, metrics, listeners, null,
        null, Tracer.NOOP, null);
  }

  /**
   * As above; {@code reloader} (null: none) watches the certificates of its TLS blocks, and
   * {@code kept} (null: none) is the core of the stack this one replaces, when
   * {@link RouterCore#keeps} says it can be kept. Its requests are traced by {@code tracer},
   * their headers read and written by the router's {@code tracePropagator}; {@code recent}
   * (null: none) keeps a sample of the requests that end.
   */
  static RouterStack build(RouterConfig config, Plugins plugins, NameInterpreter interpreter,
      TransformerContext transformerCtx, Vertx vertx, Metrics metrics, Listeners listeners,
      TlsReloader reloader, RouterCore kept, Tracer tracer, RecentRequests recent) {
    checkClientTls(config, vertx);
    Dtab dtab;
    try {
      dtab = Dtab.read(config.dtab().value());
    } catch (DtabSyntaxException e) {
      throw config.dtab().dentryError(e.offset(), "bad dtab: " + e.problem());
    } catch (IllegalArgumentException e) {
      throw config.dtab().error("bad dtab: " + e.getMessage());
    }
    Path prefix;
    try {
      prefix = Path.read(config.dstPrefix().value());
    } catch (IllegalArgumentException e) {
      throw config.dstPrefix().error("bad dstPrefix: " + e.getMessage());
    }
    List<Identifier> identifiers = new ArrayList<>();
    for (PluginConfig identifier : config.identifiers()) {
      IdentifierPlugin<?> plugin =
          (IdentifierPlugin<?>) plugins.registry(IdentifierPlugin.FAMILY).of(identifier);
      identifiers.add(plugin.newIdentifierUnchecked(identifier, prefix, transformerCtx.namers()));
    }
    RouterDtab routerDtab = InterpreterDtab.build(config, dtab, metrics, transformerCtx.namers());
    RouterCore core = kept;
    if (core == null) {
      // The router's interpreter transformers rewrite every tree it binds (daemonset, localnode).
      List<NameTreeTransformer> transformers = Transformers.build(
          config.interpreter().transformers(), plugins.registry(TransformerPlugin.FAMILY),
          transformerCtx);
      core = RouterCore.build(config, plugins, interpreter, transformers, vertx, metrics, reloader);
    }
    return new RouterStack(config, vertx, routerDtab, Identifier.firstOf(identifiers), core,
        listeners, reloader, tracer.forRouter(config.label(), propagator(config, plugins)),
        recent);
  }

  private static io.hoplink.router.tracing.TracePropagator propagator(RouterConfig config,
      Plugins plugins) {
    var registry = plugins.registry(TracePropagatorPlugin.FAMILY);
    TracePropagatorPlugin plugin = registry.has(config.tracePropagator().kind())
        ? (TracePropagatorPlugin) registry.of(config.tracePropagator())
        : new LinkerdTracePropagatorPlugin(); // a registry without the family: Linkerd's default
    return plugin.newPropagator();
  }

  /**
   * Reads the certificates of every client {@code tls} block (their paths take no captures), so
   * that a file that is not PEM, or a clientAuth key that is not its certificate's, stops the
   * start instead of failing requests. A missing file was the config's to report (an error at start, a warning in
   * {@code check} away from the pod).
   */
  private static void checkClientTls(RouterConfig config, Vertx vertx) {
    for (ClientTlsConfig tls : config.client().configured("tls", ClientTlsConfig.class)) {
      if (!tls.enabled()) {
        continue;
      }
      try {
        HttpClientOptions options = TlsOptions.client(new HttpClientOptions(), tls, false);
        if (options.getKeyCertOptions() != null) {
          TlsOptions.checkPair(vertx, options.getKeyCertOptions()); // clientAuth
        }
      } catch (IllegalArgumentException e) {
        if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
          continue;
        }
        throw new ConfigException("routers", "router '" + config.label() + "': client tls: "
            + e.getMessage());
      }
    }
  }

  RouterConfig config() {
    return config;
  }

  /** The router's dtab in force, or null before its interpreter's source was first read. */
  Dtab baseDtab() {
    return baseDtab.current();
  }

  /** The router's dtab, where it comes from, its version and last refusal, as plain data. */
  Object dtabState() {
    return baseDtab.state();
  }

  /** Starts watching the source of the router's dtab, if it has one. */
  void startDtab() {
    baseDtab.start();
  }

  RouterRuntime runtime() {
    return core.runtime();
  }

  RouterCore core() {
    return core;
  }

  Vertx vertx() {
    return vertx;
  }

  /** Counts the exchange in flight until it ends. */
  @Override
  public Dispatcher admit(Exchange exchange) {
    inFlight.started();
    exchange.whenEnded(ended);
    return this;
  }

  /** Traces an exchange this stack admitted, and routes it. */
  @Override
  public void dispatch(Exchange exchange) {
    RequestTrace trace = tracing.start(exchange);
    if (trace != RequestTrace.NONE) { // the end hook, now also the trace's: made per traced one
      exchange.whenEnded(ended -> {
        ended(ended);
        trace.end(ended.sentStatus());
      });
    }
    dispatcher.dispatch(exchange, trace);
  }

  /** The end hook of every exchange this stack admitted: its access log line, then its count. */
  private void ended(Exchange exchange) {
    AccessLog log = accessLog;
    try {
      if (log != null) {
        log.log(exchange);
      }
    } finally {
      inFlight.run(); // after the line: a released log has had every line of this stack
    }
  }

  /**
   * Opens the router's access log, if it has one (or shares it with its predecessor), as it
   * comes into force; throws IllegalArgumentException when the file cannot be opened.
   */
  void openAccessLog(AccessLogs logs) {
    config.accessLog().ifPresent(log -> {
      try {
        accessLog = logs.open(config.label(), config.protocol(), log,
            core.runtime().scope().counter("access_log/dropped"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("router '" + config.label() + "': " + e.getMessage(),
            e);
      }
    });
  }

  /** Lets go of the access log once the last request this stack took has ended. */
  private void releaseAccessLogWhenIdle() {
    AccessLog log = accessLog;
    if (log != null) {
      inFlight.whenIdle(log::release);
    }
  }

  /**
   * Completes once no request this stack took is in flight, or after {@code grace}: a reload
   * closes a replaced stack then, so that its requests finish on what they started with.
   */
  Future<Void> quiet(java.time.Duration grace) {
    io.vertx.core.Promise<Void> quiet = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(Math.max(1, grace.toMillis()), id -> quiet.tryComplete());
    // Looked at a moment later: a request that read the old target just before the switch
    // counts itself in flight by then.
    vertx.setTimer(Math.min(SWITCH_SETTLES.toMillis(), Math.max(1, grace.toMillis())),
        id -> inFlight.whenIdle(() -> {
          vertx.cancelTimer(timer);
          quiet.tryComplete();
        }));
    return quiet.future();
  }

  /** How long after a switch every request that still reached this stack has counted itself. */
  private static final java.time.Duration SWITCH_SETTLES = java.time.Duration.ofMillis(500);

  /** A server of this router, with what it dispatches to. */
  record Served(Frontend frontend, TlsReloader.Handle tlsWatch) {
    void stopWatching() {
      if (tlsWatch != null) {
        tlsWatch.close();
      }
    }
  }

  /**
   * Puts the certificates of {@code server}'s {@code tls} in use on {@code frontend}: a server
   * bound beside its predecessor shares that one's socket, and with it the TLS settings it was
   * bound with, until told otherwise.
   */
  Future<Boolean> applyTls(Frontend frontend, ServerConfig server) {
    if (server.tls().isEmpty()) {
      return Future.succeededFuture(false);
    }
    boolean h2 = config.protocol() == Protocol.H2;
    return frontend.updateSsl((io.vertx.core.net.ServerSSLOptions) TlsOptions.server(
        new HttpServerOptions(), server.tls().get(), h2).getSslOptions());
  }

  /** Starts {@code server}, dispatching to this stack. */
  Future<Frontend> startServer(ServerConfig server) {
    return startServer(server, this).map(Served::frontend);
  }

  /**
   * Starts {@code server} dispatching to {@code target} (which a reload may switch); its
   * certificate files, if any, are watched until {@link Served#stopWatching}.
   */
  Future<Served> startServer(ServerConfig server, Dispatcher target) {
    // Linkerd names a server by its configured ip and port (0 only in tests).
    Metrics scope = core.runtime().scope().scope("server", server.ip() + "/" + server.port());
    boolean h2 = config.protocol() == Protocol.H2;
    // Seconds until the served certificate expires (negative once it has): for alerts.
    java.util.concurrent.atomic.AtomicLong notAfter = new java.util.concurrent.atomic.AtomicLong();
    try {
      server.tls().ifPresent(tls -> {
        TlsOptions.checkPair(vertx,
            TlsOptions.server(new HttpServerOptions(), tls, h2).getKeyCertOptions());
        notAfter.set(TlsOptions.notAfter(tls.certPath()));
        scope.gauge("tls/cert_expiry_seconds",
            () -> notAfter.get() - System.currentTimeMillis() / 1000);
      });
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("router '" + config.label()
          + "' server " + server.ip() + ":" + server.port() + " tls: " + e.getMessage(), e));
    }
    Future<Frontend> started;
    if (h2) {
      started = Frontend.h2(vertx, server, target, scope);
    } else {
      HttpOptions http = config.http();
      HttpLimits limits = new HttpLimits(http.maxHeadersKB(), http.maxInitialLineKB(),
          http.streamAfterContentLengthKB());
      started = Frontend.http1(vertx, server, limits, target, scope);
    }
    return started.map(frontend -> {
      if (reloader == null || server.tls().isEmpty()) {
        return new Served(frontend, null);
      }
      var tls = server.tls().get();
      java.util.concurrent.atomic.AtomicLong loaded = new java.util.concurrent.atomic.AtomicLong();
      return new Served(frontend, reloader.watch("router '" + config.label() + "' server " + server.ip() + ":"
            + frontend.actualPort() + " tls", TlsOptions.files(tls), () -> {
              HttpServerOptions options = TlsOptions.server(new HttpServerOptions(), tls, h2);
              TlsOptions.checkPair(vertx, options.getKeyCertOptions());
              loaded.set(TlsOptions.notAfter(tls.certPath())); // on the reloader's thread
              return options.getSslOptions();
            }, options -> frontend.updateSsl((io.vertx.core.net.ServerSSLOptions) options)
                .onSuccess(updated -> notAfter.set(loaded.get()))));
    });
  }

  /**
   * Closes what this stack alone owns: its identifier and dtab watch, and its hold on the access
   * log once its requests have ended; not its core.
   */
  void closeKeepingCore() {
    identifier.close();
    baseDtab.close();
    releaseAccessLogWhenIdle();
  }

  @Override
  public void close() {
    closeKeepingCore();
    core.close();
  }
}
