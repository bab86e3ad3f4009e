package io.hoplink.router.h2;

import io.hoplink.config.H2ServerParams;
import io.hoplink.config.ServerConfig;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

final class H2FrontendImpl implements H2Frontend {
  /** Rapid reset (CVE-2023-44487): more client resets than this per window closes the connection. */
  static final int RST_FLOOD_MAX_PER_WINDOW = 200;
  static final int RST_FLOOD_WINDOW_SECONDS = 30;
  /**
   * CONTINUATION flood (CVE-2024-27316 family): a header block may come in at most this many
   * frames under 8 KiB (HEADERS included, the last not counted); one more ends the connection.
   */
  static final int MAX_SMALL_CONTINUATION_FRAMES = 16;
  /** Request bytes one connection may have in flight across its streams (each has its own window). */
  static final int CONNECTION_WINDOW_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final ServerConfig config;
  private final H2Dispatcher dispatcher;
  private final RequestStats requests;
  private final AtomicInteger connections = new AtomicInteger();
  private final LongSupplier nanoTime;
  private final LongSupplier wallNanos;
  private final HttpServer server;

  H2FrontendImpl(Vertx vertx, ServerConfig config, H2Dispatcher dispatcher, Metrics scope,
      LongSupplier nanoTime, LongSupplier wallNanos) {
    this.vertx = vertx;
    this.config = config;
    this.dispatcher = dispatcher;
    this.requests = new RequestStats(scope);
    scope.gauge("connections", connections::get);
    this.nanoTime = nanoTime;
    this.wallNanos = wallNanos;
    this.server = vertx.createHttpServer(options(config))
        .connectionHandler(this::onConnection)
        .requestHandler(this::onRequest);
  }

  static HttpServerOptions options(ServerConfig config) {
    H2ServerParams h2 = config.h2().orElse(H2ServerParams.defaults());
    HttpServerOptions options = new HttpServerOptions()
        .setHttp2ClearTextEnabled(true)
        .setInitialSettings(new Http2Settings()
            .setPushEnabled(false)
            .setMaxConcurrentStreams(h2.maxConcurrentStreamsPerConnection())
            .setInitialWindowSize(h2.initialStreamWindowBytes())
            .setMaxHeaderListSize(h2.maxHeaderListBytes())
            .setHeaderTableSize(h2.headerTableBytes())
            .setMaxFrameSize(h2.maxFrameBytes()))
        .setHttp2ConnectionWindowSize(CONNECTION_WINDOW_BYTES)
        .setHttp2RstFloodMaxRstFramePerWindow(RST_FLOOD_MAX_PER_WINDOW)
        .setHttp2RstFloodWindowDuration(RST_FLOOD_WINDOW_SECONDS)
        .setHttp2RstFloodWindowDurationTimeUnit(TimeUnit.SECONDS)
        .setHttp2MaxSmallContinuationFrames(MAX_SMALL_CONTINUATION_FRAMES)
        .setMaxHeaderSize(h2.maxHeaderListBytes()) // HTTP/1.1 requests on the same port
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHandle100ContinueAutomatically(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    if (!config.idleTime().isZero()) {
      options.setIdleTimeout(Math.toIntExact(config.idleTime().toMillis()))
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return options;
  }

  Future<H2Frontend> listen() {
    return server.listen(config.port(), config.ip()).map(s -> this);
  }

  @Override
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public int openStreams() {
    return requests.pending();
  }

  @Override
  public Future<Void> drain(Duration grace) {
    return server.shutdown(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
  }

  ServerConfig config() {
    return config;
  }

  Vertx vertx() {
    return vertx;
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  long wallNanos() {
    return wallNanos.getAsLong();
  }

  String newRequestId() {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** A stream ended: {@code status} sent (-1: reset), with its gRPC status (-1: none). */
  void streamEnded(int status, int grpcStatus, long startNanos) {
    boolean success = status >= 100 && status < 500 && grpcStatus <= 0;
    requests.ended(status, success, nanoTime() - startNanos);
  }

  private void onConnection(HttpConnection connection) {
    connections.incrementAndGet();
    connection.closeHandler(v -> connections.decrementAndGet());
  }

  private void onRequest(HttpServerRequest request) {
    long start = nanoTime();
    int pending = requests.started();
    H2ExchangeImpl exchange = new H2ExchangeImpl(this, request, start, wallNanos.getAsLong());
    int max = config.maxConcurrentRequests();
    if (max > 0 && pending > max) {
      exchange.fail(503, "too many requests in flight (maxConcurrentRequests: " + max + ")");
    } else if (exchange.viaHops() > config.maxCallDepth()) {
      exchange.fail(400, "call depth " + exchange.viaHops() + " exceeds maxCallDepth "
          + config.maxCallDepth() + " (a routing loop?)");
    } else if (exchange.deadlinePassed()) {
      exchange.deadlineExceeded();
    } else {
      try {
        dispatcher.dispatch(exchange);
      } catch (RuntimeException e) {
        exchange.fail(502, "dispatch failed: " + e);
      }
    }
  }
}
