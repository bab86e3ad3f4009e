package io.hoplink.router.resilience;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.Metrics;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Failure accrual for the endpoints of one client, as a request-driven circuit breaker per node
 * (Finagle's FailureAccrualFactory). When a node's policy trips, the node is marked
 * {@link Node.Status#CLOSED} for the backoff; then it is open to one probe request
 * ({@link Node.Status#BUSY} while the probe runs): a success revives it, a failure removes it
 * for the next backoff step. Removal ends lazily, on the next {@link #beforePick()}, so no timer
 * is needed. Metrics under the client scope: {@code failure_accrual/{removals, revivals, probes,
 * removed_for_ms}}.
 */
public final class FailureAccrual {
  private enum State { ALIVE, DEAD, PROBE_OPEN, PROBE_CLOSED }

  private final Supplier<FailureAccrualPolicy> newPolicy;
  private final LongSupplier nanoTime;
  private final Map<Node, Health> health = new ConcurrentHashMap<>();
  private final Set<Health> dead = ConcurrentHashMap.newKeySet();
  private final Counter removals;
  private final Counter revivals;
  private final Counter probes;
  private final Counter removedForMs;
  /** The earliest end of a removal; Long.MAX_VALUE when no node is removed. */
  private volatile long nextRevival = Long.MAX_VALUE;
  private final Events events;

  /** Told of removals and revivals (to log them), outside the accrual's locks. */
  public interface Events {
    /** {@code node} is removed for {@code forMs}; {@code afterProbe}: its probe failed. */
    void removed(Node node, long forMs, boolean afterProbe);

    /** {@code node}'s probe succeeded: it takes requests again. */
    void revived(Node node);

    Events NONE = new Events() {
      @Override
      public void removed(Node node, long forMs, boolean afterProbe) {
      }

      @Override
      public void revived(Node node) {
      }
    };
  }

  public FailureAccrual(Supplier<FailureAccrualPolicy> newPolicy, LongSupplier nanoTime,
      Metrics clientScope) {
    this(newPolicy, nanoTime, clientScope, Events.NONE);
  }

  public FailureAccrual(Supplier<FailureAccrualPolicy> newPolicy, LongSupplier nanoTime,
      Metrics clientScope, Events events) {
    this.events = requireNonNull(events, "events");
    this.newPolicy = requireNonNull(newPolicy, "newPolicy");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    Metrics scope = clientScope.scope("failure_accrual");
    removals = scope.counter("removals");
    revivals = scope.counter("revivals");
    probes = scope.counter("probes");
    removedForMs = scope.counter("removed_for_ms");
  }

  /** Opens the nodes whose removal is over for a probe; one volatile read when none is due. */
  public void beforePick() {
    if (nanoTime.getAsLong() - nextRevival < 0) {
      return;
    }
    synchronized (dead) {
      long now = nanoTime.getAsLong();
      long next = Long.MAX_VALUE;
      for (Iterator<Health> it = dead.iterator(); it.hasNext(); ) {
        Health h = it.next();
        if (h.openForProbeIfDue(now)) {
          it.remove();
        } else {
          next = Math.min(next, h.deadUntil);
        }
      }
      nextRevival = next;
    }
  }

  /** A request is about to be sent to {@code node}: a node open for a probe takes only this one. */
  public void dispatched(Node node) {
    Health h = of(node);
    synchronized (h) {
      if (h.state == State.PROBE_OPEN) {
        h.state = State.PROBE_CLOSED;
        node.status(Node.Status.BUSY);
        probes.inc();
      }
    }
  }

  /** The request to {@code node} succeeded (as the classifier sees it). */
  public void succeeded(Node node) {
    Health h = of(node);
    boolean revived = false;
    synchronized (h) {
      if (h.state == State.PROBE_CLOSED) {
        revivals.inc();
        h.policy.revived();
        h.state = State.ALIVE;
        node.status(Node.Status.OPEN);
        revived = true;
      }
      h.policy.recordSuccess();
    }
    if (revived) {
      events.revived(node);
    }
  }

  /** The request to {@code node} failed: a failure response, or no response at all. */
  public void failed(Node node) {
    Health h = of(node);
    long removeFor;
    boolean afterProbe;
    synchronized (h) {
      if (h.state != State.ALIVE && h.state != State.PROBE_CLOSED) {
        return; // a removed node's stray results do not count
      }
      removeFor = h.policy.markDeadOnFailure();
      if (removeFor < 0) {
        if (h.state == State.PROBE_CLOSED) {
          h.state = State.PROBE_OPEN; // the policy cannot tell yet: probe again
          node.status(Node.Status.OPEN);
        }
        return;
      }
      afterProbe = h.state != State.ALIVE;
      if (!afterProbe) {
        removals.inc(); // a failed probe is not a new removal
      }
      h.state = State.DEAD;
      h.deadUntil = nanoTime.getAsLong() + removeFor * 1_000_000L;
      node.status(Node.Status.CLOSED);
      removedForMs.inc(removeFor);
    }
    synchronized (dead) {
      dead.add(h);
      nextRevival = Math.min(nextRevival, h.deadUntil);
    }
    events.removed(node, removeFor, afterProbe);
  }

  /** Forgets the nodes that left the endpoint set. */
  public void retain(Collection<Node> nodes) {
    Set<Node> keep = Set.copyOf(nodes);
    health.keySet().removeIf(node -> !keep.contains(node));
    synchronized (dead) {
      dead.removeIf(h -> !keep.contains(h.node));
    }
  }

  /** {@code alive}, {@code removed}, {@code probing} or {@code probe open}, for admin pages. */
  public String state(Node node) {
    Health h = health.get(node);
    if (h == null) {
      return "alive";
    }
    synchronized (h) {
      return switch (h.state) {
        case ALIVE -> "alive";
        case DEAD -> "removed";
        case PROBE_OPEN -> "probe open";
        case PROBE_CLOSED -> "probing";
      };
    }
  }

  private Health of(Node node) {
    Health h = health.get(node);
    return h != null ? h : health.computeIfAbsent(node, n -> new Health(n, newPolicy.get()));
  }

  private static final class Health {
    final Node node;
    final FailureAccrualPolicy policy;
    State state = State.ALIVE;
    volatile long deadUntil;

    Health(Node node, FailureAccrualPolicy policy) {
      this.node = node;
      this.policy = policy;
    }

    /** Whether the removal is over (then the node is open for one probe). */
    synchronized boolean openForProbeIfDue(long now) {
      if (state != State.DEAD) {
        return true;
      }
      if (now - deadUntil < 0) {
        return false;
      }
      state = State.PROBE_OPEN;
      node.status(Node.Status.OPEN);
      return true;
    }
  }
}
