package io.hoplink.router;

import io.hoplink.config.ConfigException;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.Plugins;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.TelemeterPlugin;
import io.hoplink.router.telemetry.TracingTelemeters;
import io.hoplink.router.tracing.Tracer;
import io.hoplink.router.telemetry.recent.RecentRequestsTelemeter;
import io.hoplink.router.telemetry.recent.RecentRequestsTelemeterPlugin;
import io.hoplink.router.tls.TlsReloader;
import io.hoplink.transformers.TransformerContext;
import io.hoplink.transformers.TransformerPlugin;
import io.hoplink.transformers.Transformers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The namers and routers built from one config, immutable once built. A reload builds the next
 * generation beside this one, taking over the namers when they are configured alike and each
 * router's core (clients, pools, balancer state) when its client side is; the servers then
 * switch to it, and this one is closed once its requests have ended.
 */
final class Generation {
  final HoplinkConfig config;
  /** See {@link #hash()}. */
  private volatile String hash;
  final Instant loadedAt;
  final Map<Path, Namer> namers;
  final ConfiguredNamersInterpreter interpreter;
  final List<RouterStack> routers;
  /** Whether the namers came from the generation before (and stay open when it closes). */
  private final boolean namersInherited;
  /** The tracing telemeters' tracer; taken over by the next generation when they are alike. */
  final Tracer tracer;
  private final boolean tracerInherited;
  /** The io.l5d.recentRequests telemeter; null: not configured. */
  final RecentRequestsTelemeter recent;

  private Generation(HoplinkConfig config, Map<Path, Namer> namers,
      ConfiguredNamersInterpreter interpreter, List<RouterStack> routers, boolean inherited,
      Tracer tracer, boolean tracerInherited, RecentRequestsTelemeter recent) {
    this.config = config;
    this.loadedAt = Instant.now();
    this.namers = namers;
    this.interpreter = interpreter;
    this.routers = routers;
    this.namersInherited = inherited;
    this.tracer = tracer;
    this.tracerInherited = tracerInherited;
    this.recent = recent;
  }

  /**
   * The recent-requests telemeter {@code config} asks for: the one of {@code previous} when it
   * is configured alike (its sample stays), a new one, or null.
   */
  private static RecentRequestsTelemeter recentRequests(HoplinkConfig config, Metrics metrics,
      Generation previous) {
    for (PluginConfig telemeter : config.telemetry()) {
      if (telemeter instanceof RecentRequestsTelemeterPlugin.Config wanted) {
        if (previous != null && previous.recent != null
            && previous.recent.config().equals(wanted)) {
          return previous.recent;
        }
        return new RecentRequestsTelemeterPlugin().newTelemeter(wanted, metrics);
      }
    }
    return null;
  }

  /** What a process needs to build its routers, the same for every generation. */
  record Surroundings(Plugins plugins, Vertx vertx, NamerContext namerContext, Metrics metrics,
      Listeners listeners, TlsReloader tlsReloader) {}

  /**
   * Builds every namer and router of {@code config}, taking over what {@code previous} (null for
   * the first) has that is configured alike; throws ConfigException on a bad part, having closed
   * whatever it built.
   */
  static Generation build(HoplinkConfig config, Surroundings env, Generation previous) {
    boolean inherit = previous != null && plainNamers(previous.config).equals(plainNamers(config));
    Map<Path, Namer> namers = inherit ? previous.namers : new LinkedHashMap<>();
    // io.l5d.const and io.l5d.replace bind over the namers, which exist only once all are built.
    AtomicReference<ConfiguredNamersInterpreter> built = new AtomicReference<>();
    TransformerContext transformerCtx = new TransformerContext(env.namerContext(),
        TransformerContext::interfaceAddresses, () -> {
      ConfiguredNamersInterpreter interpreter = built.get();
      if (interpreter == null) {
        throw new IllegalStateException("the namers are not built yet");
      }
      return interpreter;
    });
    if (!inherit) {
      buildNamers(config, env.plugins(), env.namerContext(), transformerCtx, namers);
    }
    ConfiguredNamersInterpreter interpreter = inherit ? previous.interpreter
        : new ConfiguredNamersInterpreter(Hoplink.preferenceOrder(namers));
    built.set(interpreter);
    boolean keepTracer = previous != null
        && Objects.equals(plainTelemetry(previous.config), plainTelemetry(config));
    Tracer tracer;
    try {
      tracer = keepTracer ? previous.tracer : TracingTelemeters.tracer(config.telemetry(),
          env.plugins().registry(TelemeterPlugin.FAMILY), env.metrics(), env.vertx());
    } catch (RuntimeException e) {
      new Generation(config, namers, interpreter, List.of(), inherit, Tracer.NOOP, true, null)
          .discard(previous);
      throw e;
    }
    RecentRequestsTelemeter recent = recentRequests(config, env.metrics(), previous);
    List<RouterStack> routers = new ArrayList<>();
    try {
      for (int i = 0; i < config.routers().size(); i++) {
        RouterConfig router = config.routers().get(i);
        RouterStack before = inherit ? previous.router(router.label()) : null;
        RouterStack.RouterCore kept = before != null
            && RouterStack.RouterCore.keeps(before.config(), router) ? before.core() : null;
        try {
          routers.add(RouterStack.build(router, env.plugins(), interpreter, transformerCtx,
              env.vertx(), env.metrics(), env.listeners(), env.tlsReloader(), kept, tracer,
              recent == null ? null : recent.ring()));
        } catch (IllegalArgumentException e) { // a plugin its surroundings cannot build
          throw new ConfigException("routers[" + i + "]", "routers[" + i + "] ("
              + router.label() + "): " + e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      new Generation(config, namers, interpreter, routers, inherit, tracer, keepTracer, recent)
          .discard(previous);
      throw e;
    }
    return new Generation(config, namers, interpreter, routers, inherit, tracer, keepTracer,
        recent);
  }

  /**
   * Closes this generation, which never came into force, leaving what it took over from
   * {@code previous} (null: none) to that one.
   */
  void discard(Generation previous) {
    for (RouterStack router : routers) {
      RouterStack before = previous == null ? null : previous.router(router.config().label());
      if (before != null && before.core() == router.core()) {
        router.closeKeepingCore();
      } else {
        router.close();
      }
    }
    if (!namersInherited) {
      namers.values().forEach(Namer::close);
    }
    if (!tracerInherited) {
      tracer.close();
    }
  }

  private static void buildNamers(HoplinkConfig config, Plugins plugins, NamerContext ctx,
      TransformerContext transformerCtx, Map<Path, Namer> namers) {
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
        Namer namer = plugin.newNamer(nc, ctx);
        namers.put(nc.dtabPrefix(), Transformers.wrap(namer, Transformers.build(nc.transformers(),
            plugins.registry(TransformerPlugin.FAMILY), transformerCtx)));
      } catch (RuntimeException e) {
        namers.values().forEach(Namer::close);
        throw e;
      }
    }
  }

  private static List<Object> plainTelemetry(HoplinkConfig config) {
    return config.telemetry().stream().map(t -> (Object) t.toPlain()).toList();
  }

  private static List<Object> plainNamers(HoplinkConfig config) {
    return config.namers().stream().map(n -> (Object) n.toPlain()).toList();
  }

  /**
   * Takes over from {@code before}, the generation this one replaces, the clients (and their
   * connection pools) of each rebuilt router whose parameters it leaves as they were. Called
   * once this generation's servers are bound, just before it comes into force.
   */
  void adoptClients(Generation before) {
    if (!namersInherited) {
      return; // other namers: the same names may bind elsewhere
    }
    for (RouterStack router : routers) {
      RouterStack old = before.router(router.config().label());
      if (old == null || old.core() == router.core()
          || old.config().protocol() != router.config().protocol()
          || !old.config().interpreter().toPlain().get("transformers")
              .equals(router.config().interpreter().toPlain().get("transformers"))) {
        continue;
      }
      router.core().policies().adoptPools(old.core().policies(),
          router.core().runtime().adoptClients(old.core().runtime()));
    }
  }

  /**
   * Opens the routers' access logs as the generation comes into force (a file a router of the
   * generation before holds is shared, not opened again); throws IllegalArgumentException when
   * one cannot be opened, leaving those opened to {@link #discard} or {@link #close}.
   */
  void openAccessLogs(io.hoplink.router.accesslog.AccessLogs logs) {
    routers.forEach(router -> router.openAccessLog(logs));
  }

  /** The router labelled {@code label}, or null. */
  RouterStack router(String label) {
    for (RouterStack router : routers) {
      if (router.config().label().equals(label)) {
        return router;
      }
    }
    return null;
  }

  /**
   * Closes this generation, which {@code next} replaced: each router once the requests it took
   * have ended (or after {@code grace}), keeping what {@code next} took over; the metrics of a
   * router that {@code next} does not have go with it.
   */
  Future<Void> retire(Generation next, Vertx vertx, Metrics metrics, Duration grace) {
    List<Future<Void>> closed = new ArrayList<>();
    for (RouterStack router : routers) {
      String label = router.config().label();
      RouterStack successor = next.router(label);
      closed.add(router.quiet(grace).andThen(ignored -> {
        if (successor != null && successor.core() == router.core()) {
          router.closeKeepingCore();
        } else if (successor != null) {
          router.closeKeepingCore();
          router.core().closeReplacedBy(successor.core());
        } else {
          router.close();
          metrics.scope("rt", label).removeAll();
        }
      }));
    }
    return Future.join(closed).andThen(ignored -> {
      if (next.namers != namers) {
        namers.values().forEach(Namer::close);
      }
      if (next.tracer != tracer) {
        tracer.close(); // its routers' requests have ended: their spans are queued
      }
    }).mapEmpty();
  }

  /** Closes everything at shutdown, namers included even when inherited. */
  void close() {
    routers.forEach(RouterStack::close);
    namers.values().forEach(Namer::close);
    tracer.close();
  }

  /** What changed from {@code before} to this generation, for the reload's log line. */
  String changesSince(Generation before) {
    List<String> changes = new ArrayList<>();
    Map<String, Object> a = before.config.toPlain();
    Map<String, Object> b = config.toPlain();
    for (String key : List.of("admin", "namers", "telemetry")) {
      if (!Objects.equals(a.get(key), b.get(key))) {
        changes.add(key);
      }
    }
    for (RouterStack router : routers) {
      RouterStack old = before.router(router.config().label());
      String name = "router '" + router.config().label() + "'";
      if (old == null) {
        changes.add(name + " added");
        continue;
      }
      Map<String, Object> was = old.config().toPlain();
      List<String> keys = new ArrayList<>();
      router.config().toPlain().forEach((key, value) -> {
        if (!Objects.equals(value, was.get(key))) {
          keys.add(key);
        }
      });
      if (!keys.isEmpty()) {
        changes.add(name + ": " + String.join(", ", keys)
            + (old.core() == router.core() ? "" : " (clients rebuilt)"));
      }
    }
    for (RouterStack old : before.routers) {
      if (router(old.config().label()) == null) {
        changes.add("router '" + old.config().label() + "' removed");
      }
    }
    return changes.isEmpty() ? "nothing changed" : String.join("; ", changes);
  }

  /**
   * The config's SHA-256, made on first use: Vert.x encodes it with Jackson's databind, some 500
   * classes that nothing else on the way to serving needs.
   */
  String hash() {
    String h = hash;
    if (h == null) {
      h = sha256(io.vertx.core.json.Json.encode(config.toPlain()));
      hash = h;
    }
    return h;
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
