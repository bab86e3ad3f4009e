package io.hoplink.router.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** The admin server on a Vert.x {@link HttpServer} with a routing table of its own. */
final class AdminHttpServer implements AdminServer {
  private final HttpServer server;

  private AdminHttpServer(HttpServer server) {
    this.server = server;
  }

  static Future<AdminServer> start(Vertx vertx, AdminSettings settings, AdminState state,
      java.util.Optional<io.hoplink.config.ServerTlsConfig> tls) {
    AdminRoutes routes;
    try {
      routes = new AdminHandlers(vertx, settings, state).routes();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.ip())
        .setPort(settings.port());
    try {
      tls.ifPresent(t -> io.hoplink.router.tls.TlsOptions.server(options, t, false));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.createHttpServer(options)
        .requestHandler(routes)
        .listen()
        .map(AdminHttpServer::new);
  }

  @Override
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<Void> close() {
    return server.close();
  }
}
