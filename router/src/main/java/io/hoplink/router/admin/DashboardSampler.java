package io.hoplink.router.admin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import io.hoplink.router.admin.DashboardScopes.Reading;
import io.hoplink.router.admin.DashboardScopes.Scope;
import io.hoplink.router.telemetry.Metrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the dashboard shows, computed from the metric tree once per tick for every viewer: per
 * router (its servers summed) requests per second, success rate, p50/p95/p99 latency, open
 * connections, pending requests and retries per second, with a history of {@link #HISTORY}
 * ticks; per service and per client the same rates as rows; and the graph's edges. Rates are
 * the change since the tick before divided by the time between them; latencies are quantiles of
 * the latencies counted in that interval.
 */
final class DashboardSampler {
  /** Ticks of history per router: five minutes at one a second. */
  static final int HISTORY = 300;
  /** The columns of a service row, then of a client row (which adds the last three). */
  static final List<String> SERVICE_COLUMNS = List.of("router", "name", "rps", "successRate",
      "p50", "p95", "p99", "pending", "retriesPerSec", "requests");
  static final List<String> CLIENT_COLUMNS = List.of("router", "name", "rps", "successRate",
      "p50", "p95", "p99", "pending", "requeuesPerSec", "requests", "endpoints", "available",
      "removals");

  private final Metrics metrics;
  private final LongSupplier nanoTime;
  private final LongSupplier wallMillis;
  private final Map<String, ArrayDeque<Map<String, Object>>> history = new LinkedHashMap<>();
  private DashboardScopes scopes;
  private long lastNanos = -1;

  DashboardSampler(Metrics metrics, LongSupplier nanoTime, LongSupplier wallMillis) {
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    this.wallMillis = wallMillis;
  }

  /** Forgets the readings (nobody watched for a while): the next sample has no rates. */
  synchronized void reset() {
    scopes = null;
    lastNanos = -1;
  }

  /** Each router's points, oldest first, as {@link #sample} made them. */
  synchronized Map<String, Object> history() {
    Map<String, Object> out = new LinkedHashMap<>();
    history.forEach((router, points) -> out.put(router, new ArrayList<>(points)));
    return out;
  }

  /** Reads the tree now: {@code {t, interval, routers: [...], services, clients, edges}}. */
  synchronized Map<String, Object> sample() {
    long now = nanoTime.getAsLong();
    if (scopes == null || scopes.changes != metrics.changes()) {
      scopes = DashboardScopes.index(metrics, scopes);
    }
    double seconds = lastNanos < 0 ? 0 : (now - lastNanos) / 1e9;
    lastNanos = now;
    long t = wallMillis.getAsLong();
    Map<String, RouterSum> routers = new LinkedHashMap<>();
    List<Object> services = new ArrayList<>();
    List<Object> clients = new ArrayList<>();
    for (Scope scope : scopes.scopes.values()) {
      RouterSum router = routers.computeIfAbsent(scope.router, RouterSum::new);
      Interval in = Interval.of(scope, seconds);
      switch (scope.kind) {
        case "server" -> router.add(scope, in);
        case "service" -> {
          router.retries += in.retries;
          services.add(row(scope, in, in.rate(in.retries)));
        }
        default -> {
          List<Object> row = row(scope, in, in.rate(in.retries));
          row.add(longValue(scope.lbSize));
          row.add(longValue(scope.lbAvailable));
          row.add(scope.removals == null ? 0 : scope.removals.getCount());
          clients.add(row);
        }
      }
    }
    List<Object> edges = new ArrayList<>();
    for (DashboardScopes.Edge edge : scopes.edges.values()) {
      long count = edge.requests.getCount();
      Double rps = edge.last < 0 || seconds <= 0 ? null : round(Math.max(0, count - edge.last)
          / seconds, 2);
      edge.last = count;
      edges.add(Arrays.asList(edge.router, edge.service, edge.client, rps, count));
    }
    List<Object> routerRows = new ArrayList<>();
    for (RouterSum router : routers.values()) {
      Map<String, Object> point = router.point(t, seconds);
      routerRows.add(point);
      ArrayDeque<Map<String, Object>> points =
          history.computeIfAbsent(router.name, k -> new ArrayDeque<>());
      points.addLast(point);
      while (points.size() > HISTORY) {
        points.removeFirst();
      }
    }
    history.keySet().retainAll(routers.keySet());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("t", t);
    out.put("interval", round(seconds, 3));
    out.put("routers", routerRows);
    out.put("services", Map.of("columns", SERVICE_COLUMNS, "rows", services));
    out.put("clients", Map.of("columns", CLIENT_COLUMNS, "rows", clients));
    out.put("edges", edges);
    return out;
  }

  private static List<Object> row(Scope scope, Interval in, Double retriesPerSec) {
    return new ArrayList<>(Arrays.asList(scope.router, scope.id, in.rate(in.requests),
        in.successRate(), in.quantile(0.5), in.quantile(0.95), in.quantile(0.99),
        longValue(scope.pending), retriesPerSec, count(scope.requests)));
  }

  static long count(Counter counter) {
    return counter == null ? 0 : counter.getCount();
  }

  static long longValue(Gauge<?> gauge) {
    return gauge != null && gauge.getValue() instanceof Number n ? n.longValue() : 0;
  }

  static Double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  /** What one scope counted since the tick before; its reading is then updated. */
  static final class Interval {
    final double seconds;
    long requests;
    long success;
    long failures;
    long retries;
    long[] buckets;

    private Interval(double seconds) {
      this.seconds = seconds;
    }

    static Interval of(Scope scope, double seconds) {
      Reading last = scope.last;
      boolean known = last.requests >= 0 && seconds > 0;
      Interval in = new Interval(known ? seconds : 0);
      long requests = count(scope.requests);
      long success = count(scope.success);
      long failures = count(scope.failures);
      long retries = count(scope.retries);
      long[] buckets = scope.latency == null || scope.latency.buckets() == null ? null
          : scope.latency.buckets().cumulativeCounts();
      if (known) {
        in.requests = Math.max(0, requests - last.requests);
        in.success = Math.max(0, success - last.success);
        in.failures = Math.max(0, failures - last.failures);
        in.retries = Math.max(0, retries - last.retries);
        in.buckets = buckets == null ? null : LatencyQuantiles.delta(buckets, last.buckets);
      }
      last.requests = requests;
      last.success = success;
      last.failures = failures;
      last.retries = retries;
      last.buckets = buckets;
      return in;
    }

    Double rate(long count) {
      return seconds <= 0 ? null : round(count / seconds, 2);
    }

    Double successRate() {
      long judged = success + failures;
      return seconds <= 0 || judged == 0 ? null : round((double) success / judged, 4);
    }

    Double quantile(double q) {
      Double ms = buckets == null ? null : LatencyQuantiles.quantile(q, buckets);
      return ms == null ? null : round(ms, 3);
    }
  }

  /** A router's servers summed. */
  private static final class RouterSum {
    final String name;
    final Interval sum = new Interval(0);
    boolean known;
    double seconds;
    long retries;
    long connections;
    long pending;
    long requests;
    long success;
    long failures;

    RouterSum(String name) {
      this.name = name;
    }

    void add(Scope server, Interval in) {
      known |= in.seconds > 0;
      seconds = Math.max(seconds, in.seconds);
      sum.requests += in.requests;
      sum.success += in.success;
      sum.failures += in.failures;
      if (in.buckets != null) {
        sum.buckets = sum.buckets == null ? in.buckets.clone() : add(sum.buckets, in.buckets);
      }
      connections += longValue(server.connections);
      pending += longValue(server.pending);
      requests += count(server.requests);
      success += count(server.success);
      failures += count(server.failures);
    }

    private static long[] add(long[] a, long[] b) {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
      return a;
    }

    Map<String, Object> point(long t, double tickSeconds) {
      Interval in = new Interval(known ? seconds : 0);
      in.requests = sum.requests;
      in.success = sum.success;
      in.failures = sum.failures;
      in.buckets = sum.buckets;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("router", name);
      out.put("t", t);
      out.put("rps", in.rate(in.requests));
      out.put("successRate", in.successRate());
      out.put("p50", in.quantile(0.5));
      out.put("p95", in.quantile(0.95));
      out.put("p99", in.quantile(0.99));
      out.put("connections", connections);
      out.put("pending", pending);
      out.put("retriesPerSec", tickSeconds <= 0 ? null : round(retries / tickSeconds, 2));
      out.put("requests", requests);
      out.put("success", success);
      out.put("failures", failures);
      return out;
    }
  }
}
