package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigException;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.Plugins;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.config.ServerConfig;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import io.hoplink.router.admin.AdminServer;
import io.hoplink.router.admin.AdminSettings;
import io.hoplink.router.admin.AdminState;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.ProcessGauges;
import io.hoplink.router.telemetry.prometheus.PrometheusTelemeterPlugin;
import io.hoplink.router.tls.TlsReloader;
import io.hoplink.transformers.TransformerContext;
import io.hoplink.transformers.TransformerPlugin;
import io.hoplink.transformers.Transformers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The running process: namers, routers and their servers, and the admin server, built from one
 * config. Everything that can be refused is checked in {@link #build} before anything binds.
 */
final class Hoplink implements AdminState {
  private static final Logger LOG = Logger.getLogger("hoplink");
  /** How often certificate files are read for changes (a renewal is taken up within this). */
  static final java.time.Duration TLS_CHECK_INTERVAL = java.time.Duration.ofSeconds(2);

  private final HoplinkConfig config;
  private final Vertx vertx;
  private final Metrics metrics;
  private final Map<Path, Namer> namers;
  private final ConfiguredNamersInterpreter interpreter;
  private final List<RouterStack> routers;
  private final List<Frontend> frontends = new ArrayList<>();
  private final Listeners listeners;
  /** When this process built its routers from the config (its load time, until reloads). */
  private final java.time.Instant startedAt = java.time.Instant.now();
  /** SHA-256 of the effective config as {@code /config.json} serves it. */
  private final String configHash;
  /** Watches the certificate files of every TLS block, for renewals without a restart. */
  private final TlsReloader tlsReloader = TlsReloader.every(TLS_CHECK_INTERVAL);
  private final Promise<Void> stopped = Promise.promise();
  private AdminServer admin;
  private volatile boolean stopping;

  private Hoplink(HoplinkConfig config, Vertx vertx, Metrics metrics, Map<Path, Namer> namers,
      List<RouterStack> routers, Listeners listeners) {
    this.config = config;
    this.vertx = vertx;
    this.metrics = metrics;
    this.namers = namers;
    this.interpreter = new ConfiguredNamersInterpreter(preferenceOrder(namers));
    this.routers = routers;
    this.listeners = listeners;
    this.configHash = sha256(io.vertx.core.json.Json.encode(config.toPlain()));
  }

  /** Builds every namer and router of {@code config}; throws ConfigException on a bad part. */
  /**
   * The namers in the order the interpreter asks them, as Linkerd's Linker hands them over: the
   * config's order reversed, so the namer listed last is asked first (Linkerd's
   * NamerInitializersTest "namers evaluated bottom-up").
   */
  static Map<Path, Namer> preferenceOrder(Map<Path, Namer> inConfigOrder) {
    List<Map.Entry<Path, Namer>> entries = new ArrayList<>(inConfigOrder.entrySet());
    java.util.Collections.reverse(entries);
    Map<Path, Namer> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  static Hoplink build(HoplinkConfig config, Plugins plugins, Vertx vertx) {
    return build(config, plugins, vertx, NamerContext.system());
  }

  /** As {@link #build(HoplinkConfig, Plugins, Vertx)}, with namers' surroundings given. */
  static Hoplink build(HoplinkConfig config, Plugins plugins, Vertx vertx,
      NamerContext namerContext) {
    requireNonNull(config, "config");
    Metrics metrics = Metrics.newTree();
    ProcessGauges.register(metrics);
    Map<Path, Namer> namers = new LinkedHashMap<>();
    // io.l5d.const and io.l5d.replace bind over the namers, which exist only once all are built.
    AtomicReference<ConfiguredNamersInterpreter> built = new AtomicReference<>();
    TransformerContext transformerCtx = new TransformerContext(namerContext,
        TransformerContext::interfaceAddresses, () -> {
      ConfiguredNamersInterpreter interpreter = built.get();
      if (interpreter == null) {
        throw new IllegalStateException("the namers are not built yet");
      }
      return interpreter;
    });
    for (PluginConfig namerConfig : config.namers()) {
      @SuppressWarnings("unchecked")
      NamerPlugin<NamerConfig> plugin =
          (NamerPlugin<NamerConfig>) plugins.registry("namer").of(namerConfig);
      NamerConfig nc = (NamerConfig) namerConfig;
      if (namers.containsKey(nc.dtabPrefix())) {
        namers.values().forEach(Namer::close);
        throw new ConfigException("namers", "namers: two namers have prefix "
            + nc.prefix().show() + " (give one of them another 'prefix')");
      }
      try {
        Namer namer = plugin.newNamer(nc, namerContext);
        namers.put(nc.dtabPrefix(), Transformers.wrap(namer, Transformers.build(nc.transformers(),
            plugins.registry(TransformerPlugin.FAMILY), transformerCtx)));
      } catch (RuntimeException e) {
        namers.values().forEach(Namer::close);
        throw e;
      }
    }
    Hoplink hoplink = new Hoplink(config, vertx, metrics, namers, new ArrayList<>(),
        Listeners.ofThisMachine());
    built.set(hoplink.interpreter);
    try {
      for (int i = 0; i < config.routers().size(); i++) {
        RouterConfig router = config.routers().get(i);
        try {
          hoplink.routers.add(RouterStack.build(router, plugins, hoplink.interpreter,
              transformerCtx, vertx, metrics, hoplink.listeners, hoplink.tlsReloader));
        } catch (IllegalArgumentException e) { // a plugin its surroundings cannot build
          throw new ConfigException("routers[" + i + "]", "routers[" + i + "] ("
              + router.label() + "): " + e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      hoplink.routers.forEach(RouterStack::close);
      namers.values().forEach(Namer::close);
      throw e;
    }
    return hoplink;
  }

  /**
   * Binds every server and the admin server; once all are bound, each logs
   * {@code <name> listening on ip:port}. A bind that fails names the server and its address.
   */
  Future<Void> start() {
    routers.forEach(RouterStack::startDtab); // a ConfigMap's dtab is being listed meanwhile
    List<String> listening = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (RouterStack router : routers) {
      String label = router.config().label();
      for (ServerConfig server : router.config().servers()) {
        chain = chain.compose(v -> bound(label, server.ip(), server.port(),
            router.startServer(server).map(frontend -> {
              frontends.add(frontend);
              listeners.add(server.ip(), frontend.actualPort());
              listening.add(label + " listening on " + server.ip() + ":" + frontend.actualPort());
              return null;
            })));
      }
    }
    String adminIp = config.admin().ip();
    return chain.compose(v -> bound("admin", adminIp, config.admin().port(),
        AdminServer.start(vertx, adminSettings(), this, config.admin().tls(),
            config.admin().security()).map(server -> {
          admin = server;
          listeners.add(adminIp, server.actualPort());
          listening.add("admin listening on " + adminIp + ":" + server.actualPort());
          return null;
        }))).onSuccess(v -> listening.forEach(LOG::info));
  }

  /** {@code bind}, or a failure that says which server could not bind where, and why. */
  private static Future<Void> bound(String name, String ip, int port, Future<Void> bind) {
    return bind.recover(e -> {
      String why = e instanceof java.net.BindException || String.valueOf(e.getMessage())
          .contains("Address already in use") ? "address in use" : e.getMessage();
      return Future.failedFuture(new IllegalStateException(
          "could not bind " + name + " " + ip + ":" + port + ": " + why, e));
    });
  }

  private AdminSettings adminSettings() {
    AdminSettings settings = new AdminSettings(config.admin().ip(), config.admin().port(),
        config.admin().security().controlEnabled(), config.admin().security().uiEnabled(),
        null, null);
    for (PluginConfig telemeter : config.telemetry()) {
      if (telemeter instanceof PrometheusTelemeterPlugin.Config prometheus) {
        settings = settings.withPrometheus(prometheus);
      }
    }
    return settings;
  }

  /**
   * Stops accepting, lets in-flight requests finish within the grace period, then closes
   * everything. Completes once; later calls get the same future.
   */
  Future<Void> drain() {
    synchronized (this) {
      if (stopping) {
        return stopped.future();
      }
      stopping = true;
    }
    if (!frontends.isEmpty()) { // a router built and never started (check) has nothing to drain
      LOG.info("draining: in-flight requests have " + config.admin().shutdownGrace().toMillis()
          + " ms to finish");
    }
    List<Future<Void>> drains = new ArrayList<>();
    for (Frontend frontend : frontends) {
      drains.add(frontend.drain(config.admin().shutdownGrace()));
    }
    Future.join(drains)
        .eventually(() -> admin == null ? Future.succeededFuture() : admin.close())
        .eventually(() -> {
          routers.forEach(RouterStack::close);
          namers.values().forEach(Namer::close);
          tlsReloader.close();
          return Future.succeededFuture();
        })
        .onComplete(ignored -> stopped.tryComplete());
    return stopped.future();
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  @Override
  public Object effectiveConfig() {
    return config.toPlain();
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public List<String> boundNames() {
    java.util.Set<String> all = new java.util.TreeSet<>();
    routers.forEach(router -> all.addAll(router.runtime().boundNames()));
    return List.copyOf(all);
  }

  @Override
  public Object serverInfo() {
    Map<String, Object> out = new LinkedHashMap<>();
    String version = Hoplink.class.getPackage().getImplementationVersion();
    out.put("name", "hoplink");
    out.put("version", version == null ? "(not built as a jar)" : version);
    out.put("startTime", startedAt.toString());
    out.put("uptimeMs", java.time.Duration.between(startedAt, java.time.Instant.now()).toMillis());
    out.put("configHash", configHash);
    out.put("configLoadedAt", startedAt.toString());
    return out;
  }

  @Override
  public List<String> routerLabels() {
    return routers.stream().map(r -> r.config().label()).toList();
  }

  @Override
  public Object delegate(String routerLabel, String path, String dtab) {
    RouterStack router = routers.stream()
        .filter(r -> routerLabel == null || r.config().label().equals(routerLabel))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no router labelled '" + routerLabel
            + "' (routers: " + String.join(", ", routerLabels()) + ")"));
    Dtab full = router.baseDtab();
    if (full == null) {
      throw new IllegalArgumentException("router '" + router.config().label() + "' has no dtab"
          + " in force yet: its interpreter's source was not read yet (see /dtabs.json)");
    }
    if (dtab != null && !dtab.isBlank()) {
      full = full.concat(Dtab.read(dtab));
    }
    return interpreter.delegate(full, Path.read(path)).toPlain();
  }

  @Override
  public Map<String, Object> dtabs() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RouterStack router : routers) {
      out.put(router.config().label(), router.dtabState());
    }
    return out;
  }

  @Override
  public Object clientState() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RouterStack router : routers) {
      out.put(router.config().label(), router.runtime().clientState());
    }
    return out;
  }

  @Override
  public Map<String, Supplier<Object>> namerStates() {
    Map<String, Supplier<Object>> out = new LinkedHashMap<>();
    for (PluginConfig namerConfig : config.namers()) {
      Path prefix = ((NamerConfig) namerConfig).prefix();
      Namer namer = namers.get(((NamerConfig) namerConfig).dtabPrefix());
      out.put(prefix.show(), namer::state);
    }
    return out;
  }

  @Override
  public Future<Void> shutdown() {
    return drain();
  }

  /** Completes when the process has drained, by signal or by {@code /admin/shutdown}. */
  Future<Void> stopped() {
    return stopped.future();
  }
}
