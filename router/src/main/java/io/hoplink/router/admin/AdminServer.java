package io.hoplink.router.admin;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The admin server (port 9990 by default) with Linkerd 1.x's paths: {@code /admin/ping},
 * {@code /admin/metrics.json}, {@code /admin/metrics/prometheus}, {@code /config.json},
 * {@code /delegator.json}, {@code /client_state.json}, {@code /namer_state/<prefix>.json},
 * {@code POST /admin/shutdown}, {@code /admin/threads}, {@code /} and {@code /help}; and the
 * dashboard's data, {@code /dashboard.json}, {@code /dashboard/events},
 * {@code /dashboard/graph.json} and {@code /dashboard/peers.json}.
 */
public interface AdminServer {
  /** Binds the server; fails if the address is taken. */
  static Future<AdminServer> start(Vertx vertx, AdminSettings settings, AdminState state) {
    return start(vertx, settings, state, java.util.Optional.empty(),
        io.hoplink.config.AdminSecurityConfig.defaults());
  }

  /**
   * As above, over TLS with {@code tls} (Linkerd's {@code admin.tls}), serving the paths
   * {@code security} allows ({@code uiEnabled} and {@code controlEnabled} come from
   * {@code settings}).
   */
  static Future<AdminServer> start(Vertx vertx, AdminSettings settings, AdminState state,
      java.util.Optional<io.hoplink.config.ServerTlsConfig> tls,
      io.hoplink.config.AdminSecurityConfig security) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    requireNonNull(state, "state");
    requireNonNull(security, "security");
    return AdminHttpServer.start(vertx, settings, state, tls, new AdminSecurity(
        settings.uiEnabled(), settings.controlEnabled(), security.diagnosticsEnabled(),
        AdminSecurity.patterns(security.pathWhitelist()),
        AdminSecurity.patterns(security.pathBlacklist())));
  }

  /** The bound port, useful when the settings asked for port 0. */
  int actualPort();

  /** New TLS settings (a renewed {@code admin.tls} certificate) for new connections. */
  Future<Boolean> updateSsl(io.vertx.core.net.ServerSSLOptions options);

  /** Stops listening and closes open connections. */
  Future<Void> close();
}
