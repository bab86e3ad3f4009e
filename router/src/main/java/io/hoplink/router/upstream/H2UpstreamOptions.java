package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the router talks HTTP/2 to one upstream endpoint: few connections, many streams each.
 *
 * @param connectionsPerEndpoint at most this many connections per {@code host:port}; a new one
 *     opens only when the others carry {@code streamsPerConnection} streams
 * @param streamsPerConnection streams one connection carries at once (the peer's
 *     SETTINGS_MAX_CONCURRENT_STREAMS may lower it)
 * @param initialStreamWindowBytes response bytes an upstream stream may send before the client
 *     has taken them
 * @param idleTimeout an unused connection closes after this; zero: never
 * @param connectTimeout a connection not made within this fails the forward (retryable)
 */
public record H2UpstreamOptions(int connectionsPerEndpoint, int streamsPerConnection,
    int initialStreamWindowBytes, Duration idleTimeout, Duration connectTimeout) {

  public H2UpstreamOptions {
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(connectTimeout, "connectTimeout");
    if (connectionsPerEndpoint <= 0) {
      throw new IllegalArgumentException(
          "connectionsPerEndpoint: " + connectionsPerEndpoint + " (expected: > 0)");
    }
    if (streamsPerConnection <= 0) {
      throw new IllegalArgumentException(
          "streamsPerConnection: " + streamsPerConnection + " (expected: > 0)");
    }
    if (initialStreamWindowBytes <= 0) {
      throw new IllegalArgumentException(
          "initialStreamWindowBytes: " + initialStreamWindowBytes + " (expected: > 0)");
    }
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0)");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
    }
  }

  /** 2 connections of 1000 streams, 64 KiB windows, 60 s idle, 5 s connect. */
  public static H2UpstreamOptions defaults() {
    return new H2UpstreamOptions(2, 1000, 65_535, Duration.ofSeconds(60), Duration.ofSeconds(5));
  }
}
