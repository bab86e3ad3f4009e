package io.hoplink.router.http;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.upstream.Upstream;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

final class HttpFrontendImpl implements HttpFrontend {
  private final ServerConfig config;
  private final Upstream upstream;
  private final Dispatcher dispatcher;
  private final ServerMetrics metrics;
  private final LongSupplier nanoTime;
  private final LongSupplier wallMillis;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final GuardSettings guardSettings;
  private final Vertx vertx;
  private final HttpServerOptions options;
  private final int instances;
  private final List<HttpServer> servers = new ArrayList<>();

  HttpFrontendImpl(Vertx vertx, ServerConfig config, HttpLimits limits, Upstream upstream,
      Dispatcher dispatcher, Metrics scope, LongSupplier nanoTime, LongSupplier wallMillis,
      int instances) {
    this.config = config;
    this.upstream = upstream;
    this.dispatcher = dispatcher;
    this.metrics = new ServerMetrics(scope);
    this.nanoTime = nanoTime;
    this.wallMillis = wallMillis;
    this.guardSettings = new GuardSettings(config.requestHeadTimeout(), config.idleTime(),
        config.lifeTime(), draining::get);
    HttpServerOptions options = new HttpServerOptions()
        .setHttp2ClearTextEnabled(false) // the pipeline is then set up before the first read
        .setMaxHeaderSize(limits.maxHeadersKB() * 1024)
        .setMaxInitialLineLength(limits.maxInitialLineKB() * 1024)
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHandle100ContinueAutomatically(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    this.vertx = vertx;
    this.options = options;
    this.instances = Math.max(1, instances);
  }

  /**
   * Binds one server per event loop on the same address: Vert.x shares the listening socket and
   * spreads connections over them, so a router uses every core. The first binds the configured
   * port (maybe 0); the others join it on the port it got.
   */
  Future<HttpFrontend> listen() {
    // Vert.x shares a random port between servers that all ask for the same negative port.
    int port = config.port() == 0 ? -1 : config.port();
    Future<Integer> chain = listenOn(port);
    for (int i = 1; i < instances; i++) {
      chain = chain.compose(first -> listenOn(port).map(other -> {
        if (!other.equals(first)) {
          throw new IllegalStateException("server instances got ports " + first + " and " + other);
        }
        return first;
      }));
    }
    return chain.map(bound -> this);
  }

  private Future<Integer> listenOn(int port) {
    HttpServer server = vertx.createHttpServer(options)
        .connectionHandler(this::onConnection)
        .invalidRequestHandler(this::onInvalidRequest)
        .requestHandler(this::onRequest);
    synchronized (servers) {
      servers.add(server);
    }
    // Each server is bound from its own event-loop context, which then serves its connections.
    ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
    Promise<Integer> bound = Promise.promise();
    context.runOnContext(v -> server.listen(port, config.ip())
        .map(HttpServer::actualPort).onComplete(bound));
    return bound.future();
  }

  @Override
  public int actualPort() {
    synchronized (servers) {
      return servers.get(0).actualPort();
    }
  }

  @Override
  public Future<Void> drain(Duration grace) {
    draining.set(true);
    List<Future<Void>> shutdowns = new ArrayList<>();
    synchronized (servers) {
      for (HttpServer server : servers) {
        shutdowns.add(server.shutdown(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS));
      }
    }
    return Future.join(shutdowns).mapEmpty();
  }

  ServerConfig config() {
    return config;
  }

  Upstream upstream() {
    return upstream;
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  long wallMillis() {
    return wallMillis.getAsLong();
  }

  String newRequestId() {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return "0".repeat(16 - hex.length()) + hex;
  }

  void requestEnded(int status, long startNanos) {
    metrics.requestEnded(status, nanoTime() - startNanos);
  }

  private void onConnection(HttpConnection connection) {
    metrics.connectionOpened();
    connection.closeHandler(v -> metrics.connectionClosed());
    try {
      ChannelAccess.install(connection, new ConnectionGuard(guardSettings));
    } catch (RuntimeException e) {
      connection.close(); // without the guard the checks would be silently off
    }
  }

  private void onRequest(HttpServerRequest request) {
    long start = nanoTime();
    int pending = metrics.requestStarted();
    ExchangeImpl exchange = new ExchangeImpl(this, request, start);
    int max = config.maxConcurrentRequests();
    if (max > 0 && pending > max) {
      exchange.fail(503, "too many requests in flight (maxConcurrentRequests: " + max + ")");
    } else if (exchange.viaHops() > config.maxCallDepth()) {
      exchange.fail(400, "call depth " + exchange.viaHops() + " exceeds maxCallDepth "
          + config.maxCallDepth() + " (a routing loop?)");
    } else {
      try {
        dispatcher.dispatch(exchange);
      } catch (RuntimeException e) {
        exchange.fail(502, "dispatch failed: " + e);
      }
    }
  }

  /** Requests refused by Netty's decoder or {@link RequestHeadCheck}; the connection closes. */
  private void onInvalidRequest(HttpServerRequest request) {
    long start = nanoTime();
    metrics.requestStarted();
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    String message = "malformed request";
    if (cause instanceof RequestRejectedException refusal) {
      status = refusal.status();
      message = refusal.getMessage();
    } else if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "request line too long: " + cause.getMessage();
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      message = "request headers too large: " + cause.getMessage();
    } else if (cause != null) {
      message = "malformed request: " + cause.getMessage();
    }
    int sent = status;
    HttpServerResponse response = request.response()
        .setStatusCode(status)
        .putHeader(HopHeaders.ERR, RouterError.headerValue(message))
        .putHeader(HttpHeaders.CONTENT_TYPE, RouterError.CONTENT_TYPE)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    response.end(RouterError.body(message))
        .onComplete(ar -> requestEnded(ar.succeeded() ? sent : -1, start));
  }
}
