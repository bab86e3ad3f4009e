package io.hoplink.router.telemetry;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Linkerd's per-scope request metrics: {@code requests success failures pending status/<code>
 * status/<N>XX request_latency_ms}. A request counts when it ends; success is what the response
 * classifier says, or else a status below 500. Made once per server, service or client, then
 * updated without lookups (a status code's counter is looked up the first time it is seen).
 * The latency also goes into fixed buckets and {@code status/<code>} knows its code, so the
 * Prometheus page can add a histogram and a {@code code} label besides Linkerd's names.
 */
public final class RequestStats {
  private final Metrics scope;
  private final Counter requests;
  private final Counter success;
  private final Counter failures;
  private final Stat latency;
  private final AtomicInteger pending = new AtomicInteger();
  /**
   * Status counters by class (1 to 5), each a row of 100 made when its class is first seen: a
   * scope that only ever sees 2xx holds one row, not 500 slots (with a few stats per client and
   * service, that was 2.4 KB each, 7 MB at 400 services).
   */
  private final AtomicReferenceArray<AtomicReferenceArray<Counter>> byStatus =
      new AtomicReferenceArray<>(6);
  private final AtomicReferenceArray<Counter> byClass = new AtomicReferenceArray<>(6);

  public RequestStats(Metrics scope) {
    this.scope = requireNonNull(scope, "scope");
    requests = scope.counter("requests");
    success = scope.counter("success");
    failures = scope.counter("failures");
    latency = scope.latencyStat("request_latency_ms");
    scope.gauge("pending", pending::get);
  }

  /** A request started; returns how many are now pending in this scope. */
  public int started() {
    return pending.incrementAndGet();
  }

  /** A request ended: {@code status} sent, or -1 when it ended without one (a reset). */
  public void ended(int status, long latencyNanos) {
    ended(status, status >= 100 && status < 500, latencyNanos);
  }

  /**
   * A request ended: {@code status} sent (-1: none), judged a success or a failure by the caller
   * (a response classifier, or an h2 router for a gRPC call whose {@code grpc-status} is not 0).
   */
  public void ended(int status, boolean succeeded, long latencyNanos) {
    latency.addNanos(latencyNanos);
    (succeeded ? success : failures).inc();
    if (status >= 100 && status <= 599) {
      statusCounter(status).inc();
      classCounter(status / 100).inc();
    }
    // Counted last: whoever sees N requests also sees the other counters of those N.
    requests.inc();
    pending.decrementAndGet();
  }

  public int pending() {
    return pending.get();
  }

  private Counter statusCounter(int status) {
    AtomicReferenceArray<Counter> row = byStatus.get(status / 100);
    if (row == null) {
      byStatus.compareAndSet(status / 100, null, new AtomicReferenceArray<>(100));
      row = byStatus.get(status / 100);
    }
    Counter counter = row.get(status % 100);
    if (counter == null) {
      counter = scope.statusCounter(status);
      row.set(status % 100, counter);
    }
    return counter;
  }

  private Counter classCounter(int statusClass) {
    Counter counter = byClass.get(statusClass);
    if (counter == null) {
      counter = scope.counter("status/" + statusClass + "XX");
      byClass.set(statusClass, counter);
    }
    return counter;
  }
}
