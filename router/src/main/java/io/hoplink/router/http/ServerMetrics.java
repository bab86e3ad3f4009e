package io.hoplink.router.http;

import com.codahale.metrics.Counter;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Linkerd's server metrics: {@code requests success failures status/<code> status/<N>XX
 * connections pending request_latency_ms}. A request counts when it ends; success means a
 * response was sent with a status below 500.
 */
final class ServerMetrics {
  private final Metrics scope;
  private final Counter requests;
  private final Counter success;
  private final Counter failures;
  private final Stat latency;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);
  private final AtomicReferenceArray<Counter> byClass = new AtomicReferenceArray<>(6);

  ServerMetrics(Metrics scope) {
    this.scope = scope;
    requests = scope.counter("requests");
    success = scope.counter("success");
    failures = scope.counter("failures");
    latency = scope.stat("request_latency_ms");
    scope.gauge("pending", pending::get);
    scope.gauge("connections", connections::get);
  }

  /** A request arrived; returns how many are now pending across the server. */
  int requestStarted() {
    return pending.incrementAndGet();
  }

  /**
   * A request ended: {@code status} sent, or -1 when the connection was reset instead.
   * {@code requests}, then {@code pending}, move last, so a reader that sees them move sees
   * the rest.
   */
  void requestEnded(int status, long latencyNanos) {
    latency.add(TimeUnit.NANOSECONDS.toMillis(latencyNanos));
    if (status < 100 || status > 599) {
      failures.inc();
    } else {
      counter(byStatus, status, "status/" + status).inc();
      counter(byClass, status / 100, "status/" + status / 100 + "XX").inc();
      (status < 500 ? success : failures).inc();
    }
    requests.inc();
    pending.decrementAndGet();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  int pending() {
    return pending.get();
  }

  private Counter counter(AtomicReferenceArray<Counter> cache, int index, String name) {
    Counter counter = cache.get(index);
    if (counter == null) {
      counter = scope.counter(name);
      cache.set(index, counter);
    }
    return counter;
  }
}
