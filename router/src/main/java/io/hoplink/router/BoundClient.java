package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import io.hoplink.config.LoadBalancerConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import io.hoplink.router.lb.Balancer;
import io.hoplink.router.lb.BalancerEvents;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The client of one bound name ({@code /#/io.l5d.fs/hello}): a balancer, of the kind the
 * client's {@code loadBalancer} says, that follows the name's endpoint set as discovery changes
 * it, its resilience policy (failure accrual, requeues, pools, timeouts) and Linkerd's client
 * metrics ({@code loadbalancer/size, available, busy, closed, load, adds, removes,
 * max_effort_exhausted} among them).
 */
final class BoundClient implements AutoCloseable {
  private final Path id;
  private final Balancer balancer;
  private final RequestStats stats;
  private final Subscription subscription;
  private volatile Addr addr = Addr.PENDING;

  private final Metrics scope;
  private final ClientPolicy policy;
  private final RouterEvents events;
  /** The endpoints discovery gave last, to tell what a change added and removed. */
  private java.util.Set<io.hoplink.naming.Address> endpoints = java.util.Set.of();
  /** Linkerd's per-service client counters, {@code service/<name>/requests}; bounded. */
  private final java.util.concurrent.ConcurrentMap<Path, Counter> byService =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Beyond this many service names a client counts no more of them (the graph's edges). */
  static final int MAX_SERVICES = 256;

  BoundClient(Name.Bound bound, LoadBalancerConfig lb, RandomGenerator random,
      LongSupplier nanoTime, Metrics scope, ClientPolicy policy, RouterEvents events) {
    this.events = requireNonNull(events, "events");
    this.id = requireNonNull(bound, "bound").id();
    this.scope = requireNonNull(scope, "scope");
    this.policy = requireNonNull(policy, "policy");
    this.stats = new RequestStats(scope);
    Counter adds = scope.counter("loadbalancer/adds");
    Counter removes = scope.counter("loadbalancer/removes");
    Counter exhausted = scope.counter("loadbalancer/max_effort_exhausted");
    this.balancer = Balancer.of(lb, random, nanoTime, new BalancerEvents() {
      @Override
      public void added(int count) {
        adds.inc(count);
      }

      @Override
      public void removed(int count) {
        removes.inc(count);
      }

      @Override
      public void maxEffortExhausted() {
        exhausted.inc();
      }
    });
    scope.gauge("loadbalancer/size", () -> balancer.nodes().size());
    scope.gauge("loadbalancer/available", () -> count(Node.Status.OPEN));
    scope.gauge("loadbalancer/busy", () -> count(Node.Status.BUSY));
    scope.gauge("loadbalancer/closed", () -> count(Node.Status.CLOSED));
    scope.gauge("loadbalancer/load", () -> {
      int sum = 0;
      for (Node node : balancer.nodes()) {
        sum += node.pending();
      }
      return sum;
    });
    this.subscription = bound.addr().observe(this::onAddr);
  }

  private int count(Node.Status status) {
    int n = 0;
    for (Node node : balancer.nodes()) {
      if (node.status() == status) {
        n++;
      }
    }
    return n;
  }

  private void onAddr(Addr next) {
    addr = next;
    if (next instanceof Addr.Bound b) {
      balancer.update(b.addresses());
      discovered(b.addresses());
    } else if (next instanceof Addr.Neg) {
      balancer.update(java.util.Set.of());
      discovered(java.util.Set.of());
    }
    // Pending and Failed keep the last endpoints: better stale than none.
    policy.accrual().retain(balancer.nodes());
  }

  /** Logs what a discovery update added and removed (Pending and Failed change nothing). */
  private synchronized void discovered(java.util.Set<io.hoplink.naming.Address> now) {
    java.util.Set<io.hoplink.naming.Address> before = endpoints;
    endpoints = java.util.Set.copyOf(now);
    List<io.hoplink.naming.Address> added = now.stream().filter(a -> !before.contains(a))
        .sorted(java.util.Comparator.comparing(io.hoplink.naming.Address::hostPort)).toList();
    List<io.hoplink.naming.Address> removed = before.stream().filter(a -> !now.contains(a))
        .sorted(java.util.Comparator.comparing(io.hoplink.naming.Address::hostPort)).toList();
    if (!added.isEmpty() || !removed.isEmpty()) {
      events.discovery(id, added, removed, now.size());
    }
  }

  Path id() {
    return id;
  }

  /**
   * The node for the next attempt: an open one if the balancer finds one within a few picks,
   * else the least loaded open one; when every node is down, one of them anyway, or null with
   * {@code failFast}. Null when there are no nodes.
   */
  Node pick() {
    policy.accrual().beforePick();
    // The balancer re-picks up to maxEffort for an open node, then falls back to the healthiest:
    // a node that is not open means none is.
    Node node = balancer.pick();
    if (node == null || node.status() == Node.Status.OPEN) {
      return node;
    }
    return policy.failFast() ? null : node;
  }

  /**
   * Counts an attempt of {@code service} through this client in Linkerd's
   * {@code rt/<router>/client/<id>/service/<name>/requests}, the dependency graph's edges; past
   * {@link #MAX_SERVICES} names, a new name is not counted.
   */
  void attemptFor(Path service) {
    Counter counter = byService.get(service);
    if (counter == null) {
      if (byService.size() >= MAX_SERVICES) {
        return;
      }
      counter = byService.computeIfAbsent(service,
          s -> scope.scope("service", s.show()).counter("requests"));
    }
    counter.inc();
  }

  /** The balancer's nodes now, each with its address and counts. */
  List<Node> nodes() {
    return balancer.nodes();
  }

  /** The endpoints the client has now. */
  int size() {
    return balancer.nodes().size();
  }

  ClientPolicy policy() {
    return policy;
  }

  RequestStats stats() {
    return stats;
  }

  /**
   * A connection to an endpoint failed its TLS handshake: {@code tls/handshake_failures}, made
   * on the first one (a plaintext client never shows it).
   */
  void tlsHandshakeFailed() {
    scope.counter("tls/handshake_failures").inc();
  }

  /** What /client_state.json shows for this client. */
  Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("addr", addr.getClass().getSimpleName().toLowerCase());
    out.put("loadBalancer", balancer.toString());
    out.put("protocol", policy.upstream().isHttp2() ? "h2" : "http");
    List<Map<String, Object>> endpoints = balancer.nodes().stream().map(node -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("address", node.address().hostPort());
      e.put("weight", node.address().weight());
      e.put("pending", node.pending());
      e.put("requests", node.requests());
      e.put("load", node.load());
      node.costNanos().ifPresent(cost -> e.put("ewmaCostMs", cost / 1e6));
      e.put("status", node.status().name().toLowerCase());
      if (node.onProbation()) {
        e.put("probation", true);
      }
      e.put("failureAccrual", policy.accrual().state(node));
      policy.upstream().peerIdentity(node.address().host(), node.address().port())
          .ifPresent(peer -> e.put("peerIdentity", peer));
      List<Map<String, Object>> errors = node.recentErrors().newestFirst().stream().map(error -> {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("at", java.time.Instant.ofEpochMilli(error.atMillis()).toString());
        shown.put("reason", error.reason());
        return shown;
      }).toList();
      if (!errors.isEmpty()) {
        e.put("recentErrors", errors);
      }
      return e;
    }).toList();
    out.put("endpoints", endpoints);
    return out;
  }

  @Override
  public void close() {
    closeKeepingMetrics();
    scope.removeAll();
  }

  /** Stops following discovery; its metrics stay, for the client that replaced it. */
  void closeKeepingMetrics() {
    subscription.close();
  }
}
