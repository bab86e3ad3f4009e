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
import io.hoplink.router.accesslog.AccessLogs;
import io.hoplink.router.admin.AdminState;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.ProcessGauges;
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
  /** The routers' access log files, shared across reloads. */
  private final AccessLogs accessLogs = AccessLogs.system();
  private volatile Generation current;
  private final AdminSlot admin;
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
    this.admin = new AdminSlot(vertx, this, listeners, tlsReloader);
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
    return build(config, plugins, vertx, namerContext, Metrics.newTree());
  }

  /** As above, into {@code metrics} (where the identity's already are, say). */
  static Hoplink build(HoplinkConfig config, Plugins plugins, Vertx vertx,
      NamerContext namerContext, Metrics metrics) {
    requireNonNull(config, "config");
    requireNonNull(metrics, "metrics");
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
    try {
      gen.openAccessLogs(accessLogs);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
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
    return chain.compose(v -> admin.start(gen.config).map(port -> {
      listening.add("admin listening on " + gen.config.admin().ip() + ":" + port);
      return (Void) null;
    })).onSuccess(v -> listening.forEach(LOG::info));
  }

  /** {@code bind}, or a failure that says which server could not bind where, and why. */
  static <T> Future<T> bound(String name, String ip, int port, Future<T> bind) {
    return bind.recover(e -> {
      String why = e instanceof java.net.BindException || String.valueOf(e.getMessage())
          .contains("Address already in use") ? "address in use" : e.getMessage();
      return Future.failedFuture(new IllegalStateException(
          "could not bind " + name + " " + ip + ":" + port + ": " + why, e));
    });
  }

  /**
   * Applies {@code text} as the new config, after the one before (reloads never overlap). A
   * config that does not load, build or bind is refused: the one in force keeps serving, and
   * the refusal is logged, counted and shown by {@code /admin/server_info}. Completes with
   * what changed, or fails with why it was refused.
   */
  Future<String> reload(String text, String trigger) {
    accessLogs.reopen(); // a SIGHUP from logrotate: the sighup-rolled files, whatever the config
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
        LOG.info("config reloaded (" + trigger + ", " + current.hash().substring(0, 12) + "): "
            + ar.result());
      } else {
        reloads.refused(ar.cause().getMessage());
        LOG.warning("config reload refused (" + trigger + "): " + ar.cause().getMessage()
            + "; the config in force (" + current.hash().substring(0, 12) + ") keeps serving");
      }
    });
  }

  /** A reload that cannot happen at all (a config read from stdin): refused and counted. */
  void refuseReload(String why) {
    accessLogs.reopen();
    reloads.refused(why);
    LOG.warning("config reload refused: " + why);
  }

  private Future<String> applyReload(String text) {
    Generation before = current;
    HoplinkConfig config;
    Generation next;
    try {
      config = HoplinkConfig.load(text, env.plugins());
      if (!config.identity().equals(before.config.identity())) {
        return Future.failedFuture("the identity block changed, which takes a restart (the"
            + " identity in force keeps renewing its certificate)");
      }
      DtabLint.warnings(config).forEach(LOG::warning);
      next = Generation.build(config, env, before);
    } catch (ConfigException | IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    try {
      next.openAccessLogs(accessLogs);
    } catch (IllegalArgumentException e) {
      next.discard(before);
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
      return switched.compose(v -> admin.restartIfChanged(before.config, config))
          .map(changes);
    });
  }

  /**
  /** How long the access logs' writers have at shutdown to write out what they hold. */
  private static final java.time.Duration ACCESS_LOG_CLOSE = java.time.Duration.ofSeconds(5);

  /** The ports the servers of router {@code label} listen on, for tests. */
  List<Integer> ports(String label) {
    return slots.ports(label);
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
          .eventually(admin::close)
          .eventually(() -> {
            gen.close();
            tlsReloader.close();
            // What is queued is written and flushed, away from the event loops.
            return vertx.executeBlocking(() -> {
              accessLogs.close(ACCESS_LOG_CLOSE);
              return null;
            }, false);
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
    out.put("configHash", gen.hash());
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
  public List<io.hoplink.router.admin.PeerEndpoint> peerEndpoints() {
    return PeerEndpoints.of(current.routers);
  }

  @Override
  public String nodeName() {
    String name = env.namerContext().env().get("NODE_NAME");
    return name == null ? "" : name.strip();
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
