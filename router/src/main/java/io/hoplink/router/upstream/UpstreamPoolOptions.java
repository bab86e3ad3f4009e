package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Connection pool settings per upstream endpoint (the future home of Linkerd's
 * {@code hostConnectionPool}).
 *
 * @param maxSize connections per endpoint
 * @param maxWaiters requests waiting for a connection per endpoint; -1: unbounded
 * @param idleTimeout an unused pooled connection is closed after this; zero: never
 * @param connectTimeout a connection not established within this fails the forward (not
 *     written)
 */
public record UpstreamPoolOptions(
    int maxSize, int maxWaiters, Duration idleTimeout, Duration connectTimeout) {

  public UpstreamPoolOptions {
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(connectTimeout, "connectTimeout");
    if (maxSize <= 0) {
      throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: > 0)");
    }
    if (maxWaiters < -1) {
      throw new IllegalArgumentException("maxWaiters: " + maxWaiters + " (expected: >= -1)");
    }
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0)");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout: " + connectTimeout + " (expected: > 0)");
    }
  }

  /**
   * 1000 connections and 1000 waiters per endpoint (a request past them fails at once, not sent,
   * instead of queueing without end), 60 s idle, 5 s connect.
   */
  public static UpstreamPoolOptions defaults() {
    return new UpstreamPoolOptions(1000, 1000, Duration.ofSeconds(60), Duration.ofSeconds(5));
  }
}
