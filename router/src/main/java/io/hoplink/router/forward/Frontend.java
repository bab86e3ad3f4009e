package io.hoplink.router.forward;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.http.HttpLimits;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One server of a router: accepts connections, refuses malformed requests, turns the rest into
 * {@link Exchange}s for the {@link Dispatcher}, and keeps Linkerd's server metrics
 * ({@code requests success failures status/<code> status/<N>XX connections pending
 * request_latency_ms}; a gRPC call whose {@code grpc-status} is not 0 is a failure) under the
 * given scope. An http router's server and an h2 router's differ only in options and guards.
 */
public interface Frontend {

  /** An http router's server on {@code server.ip():server.port()} (0: an ephemeral port). */
  static Future<Frontend> http1(Vertx vertx, ServerConfig server, HttpLimits limits,
      Dispatcher dispatcher, Metrics serverMetrics) {
    requireNonNull(limits, "limits");
    return FrontendImpl.start(vertx, server, ServerOptions.http1(server, limits), true,
        http1Loops(), dispatcher, serverMetrics);
  }

  /**
   * The event loops an http router's server runs on, so its requests come from: one per core,
   * since HTTP/1.1 connections carry one request at a time.
   */
  static int http1Loops() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * An h2 router's server: h2c with prior knowledge and through {@code Upgrade}, plain HTTP/1.1
   * too; refuses rapid-reset and CONTINUATION floods and oversized header lists.
   */
  static Future<Frontend> h2(Vertx vertx, ServerConfig server, Dispatcher dispatcher,
      Metrics serverMetrics) {
    requireNonNull(server, "server");
    // One event loop: its streams then share the upstream h2c connections without hopping
    // between loops (one server per core measured slower in src/test/bench/h2-bench.sh).
    return FrontendImpl.start(vertx, server, ServerOptions.h2(server), false, 1, dispatcher,
        serverMetrics);
  }

  int actualPort();

  /** New TLS settings (a renewed certificate) for the connections accepted from now on. */
  Future<Boolean> updateSsl(io.vertx.core.net.ServerSSLOptions options);

  /** Requests and streams accepted and not yet ended, across the server's connections. */
  int openStreams();

  /**
   * Stops accepting connections at once, closes idle ones, lets in-flight requests finish
   * (HTTP/1.1 responses carry {@code Connection: close}, HTTP/2 gets GOAWAY) and closes whatever
   * is left after {@code grace}.
   */
  Future<Void> drain(Duration grace);
}
