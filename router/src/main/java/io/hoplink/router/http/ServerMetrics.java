package io.hoplink.router.http;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import java.util.concurrent.atomic.AtomicInteger;

/** Linkerd's server metrics: the request stats of {@link RequestStats} plus connections. */
final class ServerMetrics {
  private final RequestStats requests;
  private final AtomicInteger connections = new AtomicInteger();

  ServerMetrics(Metrics scope) {
    requests = new RequestStats(scope);
    scope.gauge("connections", connections::get);
  }

  /** A request arrived; returns how many are now pending across the server. */
  int requestStarted() {
    return requests.started();
  }

  /** A request ended: {@code status} sent, or -1 when the connection was reset instead. */
  void requestEnded(int status, long latencyNanos) {
    requests.ended(status, latencyNanos);
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  int pending() {
    return requests.pending();
  }
}
