package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import io.hoplink.router.lb.Balancer;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client of one bound name ({@code /#/io.l5d.fs/hello}): a balancer that follows the
 * name's endpoint set as discovery changes it, its resilience policy (failure accrual,
 * requeues, pools, timeouts) and Linkerd's client metrics.
 */
final class BoundClient implements AutoCloseable {
  /** Picks before falling back to a scan for an open node (Linkerd's maxEffort default). */
  private static final int MAX_EFFORT = 5;
  private final Path id;
  private final Balancer balancer;
  private final RequestStats stats;
  private final Subscription subscription;
  private volatile Addr addr = Addr.PENDING;

  private final Metrics scope;
  private final ClientPolicy policy;

  BoundClient(Name.Bound bound, Balancer balancer, Metrics scope, ClientPolicy policy) {
    this.id = requireNonNull(bound, "bound").id();
    this.scope = scope;
    this.balancer = requireNonNull(balancer, "balancer");
    this.policy = requireNonNull(policy, "policy");
    this.stats = new RequestStats(scope);
    scope.gauge("loadbalancer/size", () -> balancer.nodes().size());
    scope.gauge("loadbalancer/available", () -> balancer.nodes().size());
    this.subscription = bound.addr().observe(this::onAddr);
  }

  private void onAddr(Addr next) {
    addr = next;
    if (next instanceof Addr.Bound b) {
      balancer.update(b.addresses());
    } else if (next instanceof Addr.Neg) {
      balancer.update(java.util.Set.of());
    }
    // Pending and Failed keep the last endpoints: better stale than none.
    policy.accrual().retain(balancer.nodes());
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
    Node node = balancer.pick();
    for (int i = 1; i < MAX_EFFORT && node != null && node.status() != Node.Status.OPEN; i++) {
      node = balancer.pick();
    }
    if (node == null || node.status() == Node.Status.OPEN) {
      return node;
    }
    Node open = null;
    for (Node candidate : balancer.nodes()) {
      if (candidate.status() == Node.Status.OPEN
          && (open == null || candidate.pending() < open.pending())) {
        open = candidate;
      }
    }
    return open != null ? open : policy.failFast() ? null : node;
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

  /** What /client_state.json shows for this client. */
  Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("addr", addr.getClass().getSimpleName().toLowerCase());
    List<Map<String, Object>> endpoints = balancer.nodes().stream().map(node -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("address", node.address().hostPort());
      e.put("weight", node.address().weight());
      e.put("pending", node.pending());
      e.put("status", node.status().name().toLowerCase());
      e.put("failureAccrual", policy.accrual().state(node));
      return e;
    }).toList();
    out.put("endpoints", endpoints);
    return out;
  }

  @Override
  public void close() {
    subscription.close();
    scope.removeAll();
  }
}
