package io.hoplink.router.http;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One HTTP/1.1 server of a router: accepts connections, refuses malformed requests, normalizes
 * the rest into {@link ProxyExchange}s for the {@link Dispatcher}, and keeps Linkerd's server
 * metrics ({@code requests success failures status/<code> status/<N>XX connections pending
 * request_latency_ms}) under the given scope.
 */
public interface HttpFrontend {

  /** Binds {@code server.ip():server.port()} (port 0: an ephemeral port). */
  static Future<HttpFrontend> start(Vertx vertx, ServerConfig server, HttpLimits limits,
      Upstream upstream, Dispatcher dispatcher, Metrics serverMetrics) {
    requireNonNull(vertx, "vertx");
    requireNonNull(server, "server");
    requireNonNull(limits, "limits");
    requireNonNull(upstream, "upstream");
    requireNonNull(dispatcher, "dispatcher");
    requireNonNull(serverMetrics, "serverMetrics");
    return new HttpFrontendImpl(vertx, server, limits, upstream, dispatcher, serverMetrics,
        System::nanoTime, System::currentTimeMillis,
        Runtime.getRuntime().availableProcessors()).listen();
  }

  int actualPort();

  /**
   * Stops accepting connections at once, closes idle ones, lets in-flight requests finish
   * (their responses carry {@code Connection: close}) and closes whatever is left after
   * {@code grace}.
   */
  Future<Void> drain(Duration grace);
}
