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
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.http.HttpLimits;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.IdentifierPlugin;
import io.hoplink.router.telemetry.Metrics;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** One configured router, built: its identifier, dtab, bindings, clients and dispatcher. */
final class RouterStack implements AutoCloseable {
  private static final RandomGenerator RANDOM = () -> ThreadLocalRandom.current().nextLong();

  private final RouterConfig config;
  private final Vertx vertx;
  private final RouterDtab baseDtab;
  private final BindingCache bindings;
  private final RouterRuntime runtime;
  private final ResiliencePolicies policies;
  private final RoutingDispatcher dispatcher;
  private final List<NameTreeTransformer> transformers;
  private final Identifier identifier;
  /** Where the certificates of TLS servers and clients are watched; null: not watched. */
  private final TlsReloader reloader;

  private RouterStack(RouterConfig config, Vertx vertx, RouterDtab baseDtab, Identifier identifier,
      NameInterpreter interpreter, List<NameTreeTransformer> transformers, Metrics metrics,
      Plugins plugins, Listeners listeners, TlsReloader reloader) {
    this.config = config;
    this.reloader = reloader;
    this.identifier = identifier;
    this.transformers = transformers;
    this.vertx = vertx;
    this.baseDtab = baseDtab;
    this.bindings = new BindingCache(Transformers.wrap(interpreter, transformers),
        config.bindingCache().trees(),
        config.bindingCache().idleTtl(), System::nanoTime);
    this.policies = new ResiliencePolicies(config, plugins, vertx, RANDOM, System::nanoTime,
        reloader);
    this.runtime = new RouterRuntime(config, metrics, RANDOM, System::nanoTime, policies);
    long fixedLengthKeep = config.protocol() == Protocol.H2
        ? -1 : config.http().streamAfterContentLengthKB() * 1024L;
    RouteEnv env = new RouteEnv(runtime, Timers.of(vertx), RANDOM, System::nanoTime,
        RouterStack::wallNanos, listeners, fixedLengthKeep);
    this.dispatcher = new RoutingDispatcher(identifier, baseDtab, bindings,
        config.bindingTimeout(), config.allowRequestDtabAddresses(), env);
  }

  private static long wallNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Checks and builds; a bad dtab, prefix or protocol is a ConfigException at its position. */
  static RouterStack build(RouterConfig config, Plugins plugins, NameInterpreter interpreter,
      TransformerContext transformerCtx, Vertx vertx, Metrics metrics, Listeners listeners) {
    return build(config, plugins, interpreter, transformerCtx, vertx, metrics, listeners, null);
  }

  /** As above; {@code reloader} (null: none) watches the certificates of its TLS blocks. */
  static RouterStack build(RouterConfig config, Plugins plugins, NameInterpreter interpreter,
      TransformerContext transformerCtx, Vertx vertx, Metrics metrics, Listeners listeners,
      TlsReloader reloader) {
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
    // The router's interpreter transformers rewrite every tree it binds (daemonset, localnode).
    List<NameTreeTransformer> transformers = Transformers.build(config.interpreter().transformers(),
        plugins.registry(TransformerPlugin.FAMILY), transformerCtx);
    RouterDtab routerDtab = InterpreterDtab.build(config, dtab, metrics, transformerCtx.namers());
    return new RouterStack(config, vertx, routerDtab, Identifier.firstOf(identifiers), interpreter,
        transformers, metrics, plugins, listeners, reloader);
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
    return runtime;
  }

  Future<Frontend> startServer(ServerConfig server) {
    // Linkerd names a server by its configured ip and port (0 only in tests).
    Metrics scope = runtime.scope().scope("server", server.ip() + "/" + server.port());
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
      started = Frontend.h2(vertx, server, dispatcher, scope);
    } else {
      HttpOptions http = config.http();
      HttpLimits limits = new HttpLimits(http.maxHeadersKB(), http.maxInitialLineKB(),
          http.streamAfterContentLengthKB());
      started = Frontend.http1(vertx, server, limits, dispatcher, scope);
    }
    return started.onSuccess(frontend -> server.tls().ifPresent(tls -> {
      if (reloader != null) {
        java.util.concurrent.atomic.AtomicLong loaded = new java.util.concurrent.atomic.AtomicLong();
        reloader.watch("router '" + config.label() + "' server " + server.ip() + ":"
            + frontend.actualPort() + " tls", TlsOptions.files(tls), () -> {
              HttpServerOptions options = TlsOptions.server(new HttpServerOptions(), tls, h2);
              TlsOptions.checkPair(vertx, options.getKeyCertOptions());
              loaded.set(TlsOptions.notAfter(tls.certPath())); // on the reloader's thread
              return options.getSslOptions();
            }, options -> frontend.updateSsl((io.vertx.core.net.ServerSSLOptions) options)
                .onSuccess(updated -> notAfter.set(loaded.get())));
      }
    }));
  }

  @Override
  public void close() {
    identifier.close();
    baseDtab.close();
    bindings.close();
    runtime.close();
    policies.close();
    transformers.forEach(NameTreeTransformer::close);
  }
}
