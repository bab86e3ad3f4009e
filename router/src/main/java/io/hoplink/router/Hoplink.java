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
import io.hoplink.router.tls.TlsOptions;
import io.hoplink.router.tls.TlsReloader;
import io.vertx.core.http.HttpServerOptions;
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
 * {@link #reload} swaps in a new config while serving: built and checked beside the one in
 * force, bound, then switched to at once (see {@link Generation} and {@link ServerSlots}).
 */
final class Hoplink implements AdminState {
  private static final Logger LOG = Logger.getLogger("hoplink");
  /** How often certificate files are read for changes (a renewal is taken up within this). */
  static final java.time.Duration TLS_CHECK_INTERVAL = java.time.Duration.ofSeconds(2);

  private final Vertx vertx;
  private final Metrics metrics;
  private final Generation.Surroundings env;
  private final Listeners listeners;
  /** When this process started. */
  private final java.time.Instant startedAt = java.time.Instant.now();
  /** Watches the certificate files of every TLS block, for renewals without a restart. */
  private final TlsReloader tlsReloader;
  private final Promise<Void> stopped = Promise.promise();
  private final ServerSlots slots;
  private final ReloadStatus reloads;
  private volatile Generation current;
  private AdminServer admin;
  /** The watch of {@code admin.tls}'s certificate files, if the admin serves TLS. */
  private volatile TlsReloader.Handle adminTlsWatch;
  private volatile boolean stopping;
  /** Reloads run one after the other, here, away from the event loops (they read files). */
  private final java.util.concurrent.ExecutorService reloadThread =
      java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hoplink-reload");
        thread.setDaemon(true);
        return thread;
      });
  /**
   * A backstop only: every step of a reload is bounded (a server rebound at its address waits
   * for its predecessor's drain, at most shutdownGraceMs, then 5 s of tries).
   */
  static final java.time.Duration RELOAD_TIMEOUT = java.time.Duration.ofMinutes(15);

  private Hoplink(Generation first, Generation.Surroundings env) {
    this.current = first;
    this.env = env;
    this.vertx = env.vertx();
    this.metrics = env.metrics();
    this.listeners = env.listeners();
    this.tlsReloader = env.tlsReloader();
    this.slots = new ServerSlots(listeners, metrics);
    this.reloads = new ReloadStatus(metrics);
  }

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

  /** Builds every namer and router of {@code config}; throws ConfigException on a bad part. */
  static Hoplink build(HoplinkConfig config, Plugins plugins, Vertx vertx) {
    return build(config, plugins, vertx, NamerContext.system());
  }

  /** As {@link #build(HoplinkConfig, Plugins, Vertx)}, with namers' surroundings given. */
  static Hoplink build(HoplinkConfig config, Plugins plugins, Vertx vertx,
      NamerContext namerContext) {
    requireNonNull(config, "config");
    Metrics metrics = Metrics.newTree();
    ProcessGauges.register(metrics);
    TlsReloader tlsReloader = TlsReloader.every(TLS_CHECK_INTERVAL);
    Generation.Surroundings env = new Generation.Surroundings(plugins, vertx, namerContext,
        metrics, Listeners.ofThisMachine(), tlsReloader);
    Generation first;
    try {
      first = Generation.build(config, env, null);
    } catch (RuntimeException e) {
      tlsReloader.close();
      throw e;
    }
    return new Hoplink(first, env);
  }

  /**
   * Binds every server and the admin server; once all are bound, each logs
   * {@code <name> listening on ip:port}. A bind that fails names the server and its address.
   */
  Future<Void> start() {
    Generation gen = current;
    gen.routers.forEach(RouterStack::startDtab); // a ConfigMap's dtab is being listed meanwhile
    List<String> listening = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (RouterStack router : gen.routers) {
      String label = router.config().label();
      for (ServerConfig server : router.config().servers()) {
        chain = chain.compose(v -> bound(label, server.ip(), server.port(),
            slots.open(router, server).map(slot -> {
              slots.commit(slot);
              listening.add(label + " listening on " + server.ip() + ":" + slot.port());
              return null;
            })));
      }
    }
    return chain.compose(v -> startAdmin(gen.config).map(server -> {
      admin = server;
      listening.add("admin listening on " + gen.config.admin().ip() + ":" + server.actualPort());
      return (Void) null;
    })).onSuccess(v -> listening.forEach(LOG::info));
  }

  private Future<AdminServer> startAdmin(HoplinkConfig config) {
    String adminIp = config.admin().ip();
    return bound("admin", adminIp, config.admin().port(),
        AdminServer.start(vertx, adminSettings(config), this, config.admin().tls(),
            config.admin().security()).map(server -> {
          listeners.add(adminIp, server.actualPort());
          config.admin().tls().ifPresent(tls -> adminTlsWatch = tlsReloader.watch("admin "
              + adminIp + ":" + server.actualPort() + " tls", TlsOptions.files(tls), () -> {
                HttpServerOptions options = TlsOptions.server(new HttpServerOptions(), tls, false);
                TlsOptions.checkPair(vertx, options.getKeyCertOptions());
                return options.getSslOptions();
              }, options -> server.updateSsl((io.vertx.core.net.ServerSSLOptions) options)));
          return server;
        }));
  }

  /** Closes {@code server} and ends {@code watch} of its certificate files (null: none). */
  private static Future<Void> closeAdmin(AdminServer server, TlsReloader.Handle watch) {
    if (watch != null) {
      watch.close();
    }
    return server.close();
  }

  /** {@code bind}, or a failure that says which server could not bind where, and why. */
  private static <T> Future<T> bound(String name, String ip, int port, Future<T> bind) {
    return bind.recover(e -> {
      String why = e instanceof java.net.BindException || String.valueOf(e.getMessage())
          .contains("Address already in use") ? "address in use" : e.getMessage();
      return Future.failedFuture(new IllegalStateException(
          "could not bind " + name + " " + ip + ":" + port + ": " + why, e));
    });
  }

  private static AdminSettings adminSettings(HoplinkConfig config) {
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
   * Applies {@code text} as the new config, after the one before (reloads never overlap). A
   * config that does not load, build or bind is refused: the one in force keeps serving, and
   * the refusal is logged, counted and shown by {@code /admin/server_info}. Completes with
   * what changed, or fails with why it was refused.
   */
  Future<String> reload(String text, String trigger) {
    Promise<String> done = Promise.promise();
    try {
      reloadThread.execute(() -> {
        if (stopping) {
          done.tryFail("the process is stopping");
          return;
        }
        try {
          done.complete(applyReload(text).toCompletionStage().toCompletableFuture()
              .get(RELOAD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          done.fail(e.getCause());
        } catch (Exception e) {
          done.fail(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.tryFail("the process is stopping");
    }
    return done.future().andThen(ar -> {
      if (ar.succeeded()) {
        reloads.applied();
        LOG.info("config reloaded (" + trigger + ", " + current.hash.substring(0, 12) + "): "
            + ar.result());
      } else {
        reloads.refused(ar.cause().getMessage());
        LOG.warning("config reload refused (" + trigger + "): " + ar.cause().getMessage()
            + "; the config in force (" + current.hash.substring(0, 12) + ") keeps serving");
      }
    });
  }

  /** A reload that cannot happen at all (a config read from stdin): refused and counted. */
  void refuseReload(String why) {
    reloads.refused(why);
    LOG.warning("config reload refused: " + why);
  }

  private Future<String> applyReload(String text) {
    Generation before = current;
    HoplinkConfig config;
    Generation next;
    try {
      config = HoplinkConfig.load(text, env.plugins());
      DtabLint.warnings(config).forEach(LOG::warning);
      next = Generation.build(config, env, before);
    } catch (ConfigException | IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    next.routers.forEach(RouterStack::startDtab); // the file or ConfigMap watch of each
    config.warnings().forEach(LOG::warning);
    return slots.prepare(next).recover(e -> {
      next.discard(before);
      return Future.failedFuture(e.getMessage());
    }).compose(plan -> {
      next.adoptClients(before);
      current = next;
      String changes = next.changesSince(before);
      java.time.Duration grace = config.admin().shutdownGrace();
      Future<Void> switched = slots.switchTo(plan, grace);
      before.retire(next, vertx, metrics, grace);
      return switched.compose(v -> restartAdminIfChanged(before.config, config))
          .map(changes);
    });
  }

  /**
   * The admin server again when its settings or the telemeters it serves changed. At the same
   * address the new one binds beside the old (Vert.x shares the socket, so the port never
   * closes) and takes its own certificates; only a change between plaintext and TLS there must
   * close the old first.
   */
  private Future<Void> restartAdminIfChanged(HoplinkConfig before, HoplinkConfig next) {
    Map<String, Object> was = before.toPlain();
    Map<String, Object> now = next.toPlain();
    if (admin == null || (java.util.Objects.equals(was.get("admin"), now.get("admin"))
        && java.util.Objects.equals(was.get("telemetry"), now.get("telemetry")))) {
      return Future.succeededFuture();
    }
    AdminServer old = admin;
    TlsReloader.Handle oldWatch = adminTlsWatch;
    boolean sameAddress = before.admin().port() == next.admin().port()
        && before.admin().port() != 0 && before.admin().ip().equals(next.admin().ip());
    boolean closeFirst = sameAddress
        && before.admin().tls().isPresent() != next.admin().tls().isPresent();
    long until = System.nanoTime() + ADMIN_REBIND_WITHIN.toNanos();
    Future<Void> freed = closeFirst ? closeAdmin(old, oldWatch) : Future.succeededFuture();
    return freed.compose(v -> startAdminRetrying(next, closeFirst ? until : 0)).compose(server -> {
      if (!closeFirst) {
        listeners.remove(before.admin().ip(), old.actualPort());
      }
      admin = server;
      LOG.info("admin listening on " + next.admin().ip() + ":" + server.actualPort());
      Future<Boolean> ownTls = sameAddress && next.admin().tls().isPresent()
          ? server.updateSsl((io.vertx.core.net.ServerSSLOptions) TlsOptions.server(
              new HttpServerOptions(), next.admin().tls().get(), false).getSslOptions())
          : Future.succeededFuture(false);
      return ownTls.compose(ignored -> closeFirst ? Future.<Void>succeededFuture()
          : closeAdmin(old, oldWatch));
    }, e -> {
      LOG.severe("the admin server of the new config could not start (" + e.getMessage()
          + ")" + (closeFirst ? "; starting it as before" : "; the one before keeps serving"));
      if (!closeFirst) {
        adminTlsWatch = oldWatch;
        return Future.succeededFuture();
      }
      return startAdminRetrying(before, System.nanoTime() + ADMIN_REBIND_WITHIN.toNanos())
          .map(server -> {
            admin = server;
            return (Void) null;
          });
    });
  }

  /** How long an admin server that had to close first keeps trying to bind its address. */
  private static final java.time.Duration ADMIN_REBIND_WITHIN = java.time.Duration.ofSeconds(5);

  /** {@link #startAdmin}, tried again every 50 ms until {@code untilNanos} (0: once). */
  private Future<AdminServer> startAdminRetrying(HoplinkConfig config, long untilNanos) {
    return startAdmin(config).recover(e -> {
      if (untilNanos == 0 || System.nanoTime() - untilNanos > 0) {
        return Future.failedFuture(e);
      }
      Promise<AdminServer> later = Promise.promise();
      vertx.setTimer(50, id -> startAdminRetrying(config, untilNanos).onComplete(later));
      return later.future();
    });
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
    // After a reload in progress (never half applied), so that what it bound is drained too.
    reloadThread.execute(() -> {
      Generation gen = current;
      java.time.Duration grace = gen.config.admin().shutdownGrace();
      if (slots.any()) { // a router built and never started (check) has nothing to drain
        LOG.info("draining: in-flight requests have " + grace.toMillis() + " ms to finish");
      }
      slots.drainAll(grace)
          .eventually(() -> admin == null ? Future.succeededFuture()
              : closeAdmin(admin, adminTlsWatch))
          .eventually(() -> {
            gen.close();
            tlsReloader.close();
            return Future.succeededFuture();
          })
          .onComplete(ignored -> stopped.tryComplete());
    });
    reloadThread.shutdown();
    return stopped.future();
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  @Override
  public Object effectiveConfig() {
    return current.config.toPlain();
  }

  @Override
  public List<String> boundNames() {
    java.util.Set<String> all = new java.util.TreeSet<>();
    current.routers.forEach(router -> all.addAll(router.runtime().boundNames()));
    return List.copyOf(all);
  }

  @Override
  public Object serverInfo() {
    Generation gen = current;
    Map<String, Object> out = new LinkedHashMap<>();
    String version = Hoplink.class.getPackage().getImplementationVersion();
    out.put("name", "hoplink");
    out.put("version", version == null ? "(not built as a jar)" : version);
    out.put("startTime", startedAt.toString());
    out.put("uptimeMs", java.time.Duration.between(startedAt, java.time.Instant.now()).toMillis());
    out.put("configHash", gen.hash);
    out.put("configLoadedAt", gen.loadedAt.toString());
    out.putAll(reloads.toPlain());
    return out;
  }

  @Override
  public Map<String, io.hoplink.router.telemetry.TelemeterPage> telemeterPages() {
    Generation gen = current;
    return gen.recent == null ? Map.of() : gen.recent.adminPages();
  }

  @Override
  public List<String> routerLabels() {
    return current.routers.stream().map(r -> r.config().label()).toList();
  }

  @Override
  public Object delegate(String routerLabel, String path, String dtab) {
    Generation gen = current;
    RouterStack router = gen.routers.stream()
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
    return gen.interpreter.delegate(full, Path.read(path)).toPlain();
  }

  @Override
  public Map<String, Object> dtabs() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RouterStack router : current.routers) {
      out.put(router.config().label(), router.dtabState());
    }
    return out;
  }

  @Override
  public Object clientState() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RouterStack router : current.routers) {
      out.put(router.config().label(), router.runtime().clientState());
    }
    return out;
  }

  @Override
  public Map<String, Supplier<Object>> namerStates() {
    Generation gen = current;
    Map<String, Supplier<Object>> out = new LinkedHashMap<>();
    for (PluginConfig namerConfig : gen.config.namers()) {
      Path prefix = ((NamerConfig) namerConfig).prefix();
      Namer namer = gen.namers.get(((NamerConfig) namerConfig).dtabPrefix());
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
