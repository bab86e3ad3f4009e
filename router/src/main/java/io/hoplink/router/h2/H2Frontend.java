package io.hoplink.router.h2;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One plaintext HTTP/2 server of an h2 router: h2c with prior knowledge and through the
 * HTTP/1.1 {@code Upgrade}, plain HTTP/1.1 too. It announces the server's HTTP/2 settings,
 * refuses rapid-reset and CONTINUATION floods and oversized header lists, turns each stream
 * into an {@link H2Exchange} for the {@link H2Dispatcher}, and keeps Linkerd's server metrics
 * ({@code requests success failures status/<code> connections pending request_latency_ms};
 * a gRPC call with {@code grpc-status} other than 0 is a failure).
 */
public interface H2Frontend {

  /** Binds {@code server.ip():server.port()} (port 0: an ephemeral port). */
  static Future<H2Frontend> start(Vertx vertx, ServerConfig server, H2Dispatcher dispatcher,
      Metrics serverMetrics) {
    requireNonNull(vertx, "vertx");
    requireNonNull(server, "server");
    requireNonNull(dispatcher, "dispatcher");
    requireNonNull(serverMetrics, "serverMetrics");
    return new H2FrontendImpl(vertx, server, dispatcher, serverMetrics, System::nanoTime,
        () -> System.currentTimeMillis() * 1_000_000L).listen();
  }

  int actualPort();

  /** Streams accepted and not yet ended, across the server's connections. */
  int openStreams();

  /**
   * Stops accepting, sends GOAWAY, lets open streams finish and closes what is left after
   * {@code grace}.
   */
  Future<Void> drain(Duration grace);
}
