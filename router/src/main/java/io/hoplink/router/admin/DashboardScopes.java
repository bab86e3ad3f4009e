package io.hoplink.router.admin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics the dashboard reads, found in the tree once and again only when the tree's set of
 * metrics changes ({@link Metrics#changes()}): each router's servers, services and clients
 * ({@code rt/<router>/<kind>/<id>/...}) and the edges of the dependency graph, Linkerd's
 * {@code rt/<router>/client/<id>/service/<name>/requests}.
 */
final class DashboardScopes {
  /** One server, service or client scope, with what it read at the sample before. */
  static final class Scope {
    final String router;
    final String kind;
    final String id;
    Counter requests;
    Counter success;
    Counter failures;
    /** Services: {@code retries/total}; clients: {@code retries/requeues}. */
    Counter retries;
    Counter removals;
    Stat latency;
    Gauge<?> pending;
    Gauge<?> connections;
    Gauge<?> lbSize;
    Gauge<?> lbAvailable;
    final Reading last = new Reading();

    Scope(String router, String kind, String id) {
      this.router = router;
      this.kind = kind;
      this.id = id;
    }
  }

  /** Counts as read at the sample before; {@code requests < 0}: never read. */
  static final class Reading {
    long requests = -1;
    long success;
    long failures;
    long retries;
    long[] buckets;
  }

  /** A service's attempts through a client. */
  static final class Edge {
    final String router;
    final String service;
    final String client;
    final Counter requests;
    long last = -1;

    Edge(String router, String service, String client, Counter requests) {
      this.router = router;
      this.service = service;
      this.client = client;
      this.requests = requests;
    }
  }

  final long changes;
  final Map<String, Scope> scopes = new LinkedHashMap<>();
  final Map<String, Edge> edges = new LinkedHashMap<>();

  private DashboardScopes(long changes) {
    this.changes = changes;
  }

  /**
   * Indexes {@code metrics}; a scope or edge that {@code before} (null: none) had, with the same
   * requests counter, keeps its last reading; one it did not have starts from zero, so that
   * everything it counted falls in the next interval.
   */
  static DashboardScopes index(Metrics metrics, DashboardScopes before) {
    DashboardScopes out = new DashboardScopes(metrics.changes());
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (!e.getKey().startsWith("rt/")) {
        continue;
      }
      List<String> s = metrics.segments(e.getKey());
      if (s.size() < 5) {
        continue;
      }
      String router = s.get(1);
      String kind = s.get(2);
      String id = kind.equals("server") ? s.get(3) : "/" + s.get(3); // ip/port, or a path
      List<String> rest = s.subList(4, s.size());
      if (kind.equals("client") && rest.size() == 3 && rest.get(0).equals("service")
          && rest.get(2).equals("requests") && e.getValue() instanceof Counter c) {
        String service = "/" + rest.get(1);
        out.edges.put(router + "\0" + service + "\0" + id, new Edge(router, service, id, c));
        continue;
      }
      if (!List.of("server", "service", "client").contains(kind)) {
        continue;
      }
      String key = router + "\0" + kind + "\0" + id;
      Scope scope = out.scopes.computeIfAbsent(key, k -> new Scope(router, kind, id));
      assign(scope, String.join("/", rest), e.getValue());
    }
    carryOver(out, before);
    return out;
  }

  private static void assign(Scope scope, String name, Metric metric) {
    switch (name) {
      case "requests" -> scope.requests = (Counter) metric;
      case "success" -> scope.success = (Counter) metric;
      case "failures" -> scope.failures = (Counter) metric;
      case "retries/total", "retries/requeues" -> scope.retries = (Counter) metric;
      case "failure_accrual/removals" -> scope.removals = (Counter) metric;
      case "request_latency_ms" -> scope.latency = (Stat) metric;
      case "pending" -> scope.pending = (Gauge<?>) metric;
      case "connections" -> scope.connections = (Gauge<?>) metric;
      case "loadbalancer/size" -> scope.lbSize = (Gauge<?>) metric;
      case "loadbalancer/available" -> scope.lbAvailable = (Gauge<?>) metric;
      default -> { }
    }
  }

  private static void carryOver(DashboardScopes out, DashboardScopes before) {
    for (Map.Entry<String, Scope> e : out.scopes.entrySet()) {
      Scope was = before == null ? null : before.scopes.get(e.getKey());
      Reading last = e.getValue().last;
      if (was != null && was.requests == e.getValue().requests) {
        last.requests = was.last.requests;
        last.success = was.last.success;
        last.failures = was.last.failures;
        last.retries = was.last.retries;
        last.buckets = was.last.buckets;
      } else if (before != null) {
        last.requests = 0;
      }
    }
    for (Map.Entry<String, Edge> e : out.edges.entrySet()) {
      Edge was = before == null ? null : before.edges.get(e.getKey());
      e.getValue().last = was != null && was.requests == e.getValue().requests ? was.last
          : before != null ? 0 : -1;
    }
  }
}
