package io.hoplink.router.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** The admin server on a Vert.x {@link HttpServer} with a routing table of its own. */
final class AdminHttpServer implements AdminServer {
  private final HttpServer server;
  private final AdminHandlers handlers;

  private AdminHttpServer(HttpServer server, AdminHandlers handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  static final java.time.Duration HEAD_TIMEOUT = java.time.Duration.ofSeconds(10);
  static final java.time.Duration IDLE_TIME = java.time.Duration.ofSeconds(60);
  private static final io.hoplink.router.http.GuardSettings GUARD =
      new io.hoplink.router.http.GuardSettings(HEAD_TIMEOUT, IDLE_TIME, java.time.Duration.ZERO,
          () -> false);

  static Future<AdminServer> start(Vertx vertx, AdminSettings settings, AdminState state,
      java.util.Optional<io.hoplink.config.ServerTlsConfig> tls, AdminSecurity security) {
    AdminRoutes routes;
    AdminHandlers handlers;
    try {
      handlers = new AdminHandlers(vertx, settings, state, tls);
      routes = handlers.routes();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.ip())
        .setPort(settings.port())
        .setHttp2ClearTextEnabled(false); // HTTP/1.1 only: the guard sees every connection first
    try {
      tls.ifPresent(t -> {
        io.hoplink.router.tls.TlsOptions.server(options, t, false);
        io.hoplink.router.tls.TlsOptions.checkPair(vertx, options.getKeyCertOptions());
      });
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.createHttpServer(options)
        // A request head must be complete within HEAD_TIMEOUT (else 408, and the connection
        // closes), an idle connection closes after IDLE_TIME: the DaemonSet binds this port on
        // 0.0.0.0, and a slow client must not hold connections open here for good.
        .connectionHandler(connection -> io.hoplink.router.http.Http1Guard.install(connection,
            GUARD))
        .requestHandler(request -> {
          if (security.allows(request.path())) {
            routes.handle(request);
          } else {
            Replies.error(request, 404, "not found");
          }
        })
        .listen()
        .map(server -> new AdminHttpServer(server, handlers));
  }

  @Override
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<Boolean> updateSsl(io.vertx.core.net.ServerSSLOptions options) {
    return server.updateSSLOptions(options);
  }

  @Override
  public Future<Void> close() {
    handlers.close();
    return server.close();
  }
}
