package io.hoplink.router;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.admin.AdminServer;
import io.hoplink.router.admin.AdminSettings;
import io.hoplink.router.admin.AdminState;
import io.hoplink.router.telemetry.prometheus.PrometheusTelemeterPlugin;
import io.hoplink.router.tls.TlsOptions;
import io.hoplink.router.tls.TlsReloader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The admin server across config reloads: started with the process, started again when the
 * {@code admin} block or the telemeters it serves change, its {@code admin.tls} certificate
 * files watched for renewals. Changed on the reload thread (or at start) only.
 */
final class AdminSlot {
  private static final Logger LOG = Logger.getLogger("hoplink");
  /** How long an admin server that had to close first keeps trying to bind its address. */
  private static final Duration REBIND_WITHIN = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final AdminState state;
  private final Listeners listeners;
  private final TlsReloader tlsReloader;
  private volatile AdminServer server;
  /** The watch of {@code admin.tls}'s certificate files, if the admin serves TLS. */
  private volatile TlsReloader.Handle tlsWatch;

  AdminSlot(Vertx vertx, AdminState state, Listeners listeners, TlsReloader tlsReloader) {
    this.vertx = vertx;
    this.state = state;
    this.listeners = listeners;
    this.tlsReloader = tlsReloader;
  }

  /** Binds the admin server of {@code config}; completes with its port. */
  Future<Integer> start(HoplinkConfig config) {
    return bind(config, 0).map(bound -> {
      server = bound;
      return bound.actualPort();
    });
  }

  /**
   * The admin server again when its settings or the telemeters it serves changed. At the same
   * address the new one binds beside the old (Vert.x shares the socket, so the port never
   * closes) and takes its own certificates; only a change between plaintext and TLS there must
   * close the old first. If the new one cannot bind, the old one goes on (or, closed first, is
   * started again).
   */
  Future<Void> restartIfChanged(HoplinkConfig before, HoplinkConfig next) {
    Map<String, Object> was = before.toPlain();
    Map<String, Object> now = next.toPlain();
    AdminServer old = server;
    if (old == null || (Objects.equals(was.get("admin"), now.get("admin"))
        && Objects.equals(was.get("telemetry"), now.get("telemetry")))) {
      return Future.succeededFuture();
    }
    TlsReloader.Handle oldWatch = tlsWatch;
    boolean sameAddress = before.admin().port() == next.admin().port()
        && before.admin().port() != 0 && before.admin().ip().equals(next.admin().ip());
    boolean closeFirst = sameAddress
        && before.admin().tls().isPresent() != next.admin().tls().isPresent();
    long until = System.nanoTime() + REBIND_WITHIN.toNanos();
    Future<Void> freed = closeFirst ? close(old, oldWatch) : Future.succeededFuture();
    return freed.compose(v -> bind(next, closeFirst ? until : 0)).compose(bound -> {
      if (!closeFirst) {
        listeners.remove(before.admin().ip(), old.actualPort());
      }
      server = bound;
      LOG.info("admin listening on " + next.admin().ip() + ":" + bound.actualPort());
      Future<Boolean> ownTls = sameAddress && next.admin().tls().isPresent()
          ? bound.updateSsl((io.vertx.core.net.ServerSSLOptions) TlsOptions.server(
              new HttpServerOptions(), next.admin().tls().get(), false).getSslOptions())
          : Future.succeededFuture(false);
      return ownTls.compose(ignored -> closeFirst ? Future.<Void>succeededFuture()
          : close(old, oldWatch));
    }, e -> {
      LOG.severe("the admin server of the new config could not start (" + e.getMessage()
          + ")" + (closeFirst ? "; starting it as before" : "; the one before keeps serving"));
      if (!closeFirst) {
        tlsWatch = oldWatch;
        return Future.succeededFuture();
      }
      return bind(before, System.nanoTime() + REBIND_WITHIN.toNanos()).map(bound -> {
        server = bound;
        return (Void) null;
      });
    });
  }

  /** Closes the admin server, at shutdown. */
  Future<Void> close() {
    AdminServer now = server;
    return now == null ? Future.succeededFuture() : close(now, tlsWatch);
  }

  /**
   * Binds the admin server of {@code config}, tried again every 50 ms until {@code untilNanos}
   * (0: once), its certificate files watched (the watch in {@link #tlsWatch}).
   */
  private Future<AdminServer> bind(HoplinkConfig config, long untilNanos) {
    String ip = config.admin().ip();
    Future<AdminServer> bound = Hoplink.bound("admin", ip, config.admin().port(),
        AdminServer.start(vertx, settings(config), state, config.admin().tls(),
            config.admin().security()));
    return bound.map(started -> {
      listeners.add(ip, started.actualPort());
      config.admin().tls().ifPresent(tls -> tlsWatch = tlsReloader.watch("admin " + ip + ":"
          + started.actualPort() + " tls", TlsOptions.files(tls), () -> {
            HttpServerOptions options = TlsOptions.server(new HttpServerOptions(), tls, false);
            TlsOptions.checkPair(vertx, options.getKeyCertOptions());
            return options.getSslOptions();
          }, options -> started.updateSsl((io.vertx.core.net.ServerSSLOptions) options)));
      return started;
    }).recover(e -> {
      if (untilNanos == 0 || System.nanoTime() - untilNanos > 0) {
        return Future.failedFuture(e);
      }
      Promise<AdminServer> later = Promise.promise();
      vertx.setTimer(50, id -> bind(config, untilNanos).onComplete(later));
      return later.future();
    });
  }

  /** Closes {@code server} and ends {@code watch} of its certificate files (null: none). */
  private static Future<Void> close(AdminServer server, TlsReloader.Handle watch) {
    if (watch != null) {
      watch.close();
    }
    return server.close();
  }

  private static AdminSettings settings(HoplinkConfig config) {
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
}
