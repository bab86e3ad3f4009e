package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.LoadBalancerConfig;
import io.hoplink.naming.Address;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Picks an endpoint for each request: a load metric (outstanding requests, or peak-EWMA of
 * round-trip time) times a picking rule (p2c, round robin, heap, aperture). Safe to call from
 * several event loops at once; the endpoint set is replaced by {@link #update} when discovery
 * changes, keeping the state of endpoints that stayed. Requests in flight on a removed node are
 * not disturbed: the caller holds the node and ends them on it.
 *
 * <p>A pick tries up to {@code maxEffort} times to get an OPEN node. When every try fails the
 * balancer counts {@code max_effort_exhausted} and returns, of all its nodes, the healthiest
 * (OPEN, then BUSY, then CLOSED) and least loaded one: a node anyway, as Finagle does, so the
 * request goes out and fails (or succeeds) visibly instead of waiting for a node to reopen.
 */
public interface Balancer {
  /** The node for the next request, or null when the set is empty. */
  Node pick();

  /** Replaces the endpoint set. */
  void update(Set<Address> addresses);

  /** The current nodes, including those on probation. */
  List<Node> nodes();

  /** The balancer that {@code config} describes. */
  static Balancer of(LoadBalancerConfig config, RandomGenerator random, LongSupplier nanoTime,
      BalancerEvents events) {
    requireNonNull(config, "config");
    requireNonNull(random, "random");
    requireNonNull(nanoTime, "nanoTime");
    requireNonNull(events, "events");
    boolean probation = config.enableProbation();
    if (config instanceof LoadBalancerConfig.P2c p) {
      return new DefaultBalancer(LoadMetric.leastLoaded(), new P2cPicker(random), p.maxEffort(),
          probation, random, events);
    } else if (config instanceof LoadBalancerConfig.Ewma e) {
      return new DefaultBalancer(LoadMetric.peakEwma(e.decayTime(), nanoTime),
          new P2cPicker(random), e.maxEffort(), probation, random, events);
    } else if (config instanceof LoadBalancerConfig.Aperture a) {
      return new DefaultBalancer(LoadMetric.leastLoaded(), new AperturePicker(random, nanoTime,
          a.smoothWindow(), a.lowLoad(), a.highLoad(), a.minAperture()), a.maxEffort(),
          probation, random, events);
    } else if (config instanceof LoadBalancerConfig.Heap) {
      // The root is the healthiest node: trying it again would find the same one.
      return new DefaultBalancer(LoadMetric.leastLoaded(), new HeapPicker(), 1, probation,
          random, events);
    } else if (config instanceof LoadBalancerConfig.RoundRobin r) {
      return new DefaultBalancer(LoadMetric.leastLoaded(), new RoundRobinPicker(), r.maxEffort(),
          probation, random, events);
    }
    throw new IllegalArgumentException("unknown load balancer " + config.kind());
  }

  /** Linkerd's default: p2c over least outstanding requests, maxEffort 5. */
  static Balancer p2c(RandomGenerator random) {
    return of(LoadBalancerConfig.defaults(), random, System::nanoTime, BalancerEvents.NONE);
  }

  /** Peak-EWMA p2c with Linkerd's maxEffort 5. */
  static Balancer ewma(Duration decayTime, RandomGenerator random, LongSupplier nanoTime) {
    return of(new LoadBalancerConfig.Ewma(decayTime, 5, false), random, nanoTime,
        BalancerEvents.NONE);
  }
}
