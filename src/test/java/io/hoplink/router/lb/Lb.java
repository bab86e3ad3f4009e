package io.hoplink.router.lb;

import io.hoplink.config.LoadBalancerConfig;
import io.hoplink.naming.Address;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** What the balancer tests share: configs with Linkerd's defaults, addresses, drivers. */
final class Lb {
  static final LoadBalancerConfig P2C = LoadBalancerConfig.defaults();
  static final LoadBalancerConfig EWMA = new LoadBalancerConfig.Ewma(Duration.ofSeconds(10), 5, false);
  static final LoadBalancerConfig APERTURE =
      new LoadBalancerConfig.Aperture(Duration.ofSeconds(5), 5, 0.5, 2.0, 1, false);
  static final LoadBalancerConfig HEAP = new LoadBalancerConfig.Heap(false);
  static final LoadBalancerConfig ROUND_ROBIN = new LoadBalancerConfig.RoundRobin(5, false);
  static final List<LoadBalancerConfig> ALL = List.of(P2C, EWMA, APERTURE, HEAP, ROUND_ROBIN);

  private Lb() {}

  /** Counts of the events a balancer reported. */
  static final class Events implements BalancerEvents {
    final AtomicInteger added = new AtomicInteger();
    final AtomicInteger removed = new AtomicInteger();
    final AtomicInteger exhausted = new AtomicInteger();

    @Override
    public void added(int count) {
      added.addAndGet(count);
    }

    @Override
    public void removed(int count) {
      removed.addAndGet(count);
    }

    @Override
    public void maxEffortExhausted() {
      exhausted.incrementAndGet();
    }
  }

  static Balancer balancer(LoadBalancerConfig config, long seed, FakeClock clock) {
    return Balancer.of(config, new SplittableRandom(seed), clock, BalancerEvents.NONE);
  }

  static Set<Address> addresses(int n) {
    return addresses(0, n);
  }

  static Set<Address> addresses(int from, int to) {
    Set<Address> out = new LinkedHashSet<>();
    for (int i = from; i < to; i++) {
      out.add(Address.of("10.0.0." + i, 80));
    }
    return out;
  }

  static Node node(Balancer balancer, int i) {
    Address address = Address.of("10.0.0." + i, 80);
    return balancer.nodes().stream().filter(n -> n.address().equals(address)).findFirst()
        .orElseThrow();
  }

  /**
   * Closed loop: keeps {@code concurrency} requests outstanding, each taking {@code rtt}; every
   * pick starts a request and, once the window is full, the oldest one ends.
   */
  static Map<Node, Integer> drive(Balancer balancer, FakeClock clock, int picks, int concurrency,
      Duration rtt) {
    Map<Node, Integer> counts = new HashMap<>();
    ArrayDeque<Node> inFlight = new ArrayDeque<>();
    long step = rtt.toNanos() / concurrency;
    for (int i = 0; i < picks; i++) {
      Node node = balancer.pick();
      node.begin();
      inFlight.add(node);
      counts.merge(node, 1, Integer::sum);
      clock.advanceNanos(step);
      if (inFlight.size() >= concurrency) {
        inFlight.poll().end(rtt.toNanos());
      }
    }
    while (!inFlight.isEmpty()) {
      inFlight.poll().end(rtt.toNanos());
    }
    return counts;
  }
}
