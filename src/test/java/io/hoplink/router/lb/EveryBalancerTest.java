package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.LoadBalancerConfig;
import io.hoplink.naming.Address;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every kind of balancer does the same way. */
class EveryBalancerTest {
  static Stream<LoadBalancerConfig> kinds() {
    return Lb.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void emptySetPicksNothing(LoadBalancerConfig config) {
    Balancer balancer = Lb.balancer(config, 1, new FakeClock());
    assertNull(balancer.pick());
    balancer.update(Lb.addresses(2));
    balancer.update(Set.of());
    assertNull(balancer.pick());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void equalNodesSharePicksEvenly(LoadBalancerConfig config) {
    FakeClock clock = new FakeClock();
    Balancer balancer = Lb.balancer(config, 42, clock);
    balancer.update(Lb.addresses(5));
    // 20 requests outstanding over 5 equal nodes: the aperture opens to all five, within
    // seconds of its smoothing window; count once it has.
    Lb.drive(balancer, clock, 20_000, 20, Duration.ofMillis(10));
    Map<Node, Integer> counts = Lb.drive(balancer, clock, 50_000, 20, Duration.ofMillis(10));
    assertEquals(5, counts.size(), config.kind() + " picked " + counts);
    // Each node gets a fifth of the picks, within 5% of that share.
    for (int count : counts.values()) {
      assertEquals(10_000, count, 500, config.kind() + " spread " + counts);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void maxEffortSkipsClosedNodes(LoadBalancerConfig config) {
    FakeClock clock = new FakeClock();
    Lb.Events events = new Lb.Events();
    Balancer balancer = Balancer.of(config, new SplittableRandom(5), clock, events);
    balancer.update(Lb.addresses(5));
    Node closed = Lb.node(balancer, 1);
    Node busy = Lb.node(balancer, 3);
    closed.status(Node.Status.CLOSED);
    busy.status(Node.Status.BUSY);
    Map<Node, Integer> counts = Lb.drive(balancer, clock, 5_000, 6, Duration.ofMillis(10));
    assertEquals(Set.of(0, 2, 4), hosts(counts.keySet()), config.kind() + " picked " + counts);
    assertEquals(0, events.exhausted.get());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void whenNoNodeIsOpenTheHealthiestLeastLoadedOneIsPickedAnyway(LoadBalancerConfig config) {
    Lb.Events events = new Lb.Events();
    Balancer balancer = Balancer.of(config, new SplittableRandom(9), new FakeClock(), events);
    balancer.update(Lb.addresses(4));
    for (Node node : balancer.nodes()) {
      node.status(Node.Status.CLOSED);
    }
    Node busy = Lb.node(balancer, 2);
    busy.status(Node.Status.BUSY);
    assertSame(busy, balancer.pick());
    busy.status(Node.Status.CLOSED);
    Node loaded = Lb.node(balancer, 0);
    loaded.begin();
    Node picked = balancer.pick();
    assertNotEquals(loaded, picked, "the least loaded CLOSED node goes first");
    assertEquals(2, events.exhausted.get());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void updateKeepsTheStateOfNodesThatStayed(LoadBalancerConfig config) {
    FakeClock clock = new FakeClock();
    Lb.Events events = new Lb.Events();
    Balancer balancer = Balancer.of(config, new SplittableRandom(1), clock, events);
    balancer.update(Lb.addresses(3));
    Node kept = Lb.node(balancer, 1);
    kept.begin();
    kept.begin();
    kept.end(Duration.ofMillis(40).toNanos());
    double load = kept.load();
    Node gone = Lb.node(balancer, 0);
    gone.begin();

    balancer.update(Lb.addresses(1, 5));

    assertSame(kept, Lb.node(balancer, 1));
    assertEquals(1, kept.pending());
    assertEquals(load, kept.load(), 1e-9);
    assertEquals(Set.of(1, 2, 3, 4), hosts(Set.copyOf(balancer.nodes())));
    assertEquals(5, events.added.get());
    assertEquals(1, events.removed.get());
    // A request in flight on a removed node ends normally.
    gone.end(1);
    assertEquals(0, gone.pending());
    for (int i = 0; i < 100; i++) {
      assertNotEquals(gone, balancer.pick());
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void probationKeepsARemovedNodeWhileItIsOpen(LoadBalancerConfig config) {
    LoadBalancerConfig withProbation = probation(config);
    Lb.Events events = new Lb.Events();
    FakeClock clock = new FakeClock();
    Balancer balancer = Balancer.of(withProbation, new SplittableRandom(3), clock, events);
    balancer.update(Lb.addresses(3));
    Node leaving = Lb.node(balancer, 0);

    balancer.update(Lb.addresses(1, 3));

    assertSame(leaving, Lb.node(balancer, 0));
    assertTrue(leaving.onProbation());
    assertEquals(0, events.removed.get());
    Map<Node, Integer> counts = Lb.drive(balancer, clock, 3_000, 6, Duration.ofMillis(10));
    assertTrue(counts.containsKey(leaving), "an OPEN node on probation still takes requests");

    leaving.status(Node.Status.CLOSED);

    assertEquals(Set.of(1, 2), hosts(Set.copyOf(balancer.nodes())));
    assertEquals(1, events.removed.get());
    assertTrue(!leaving.onProbation());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aNodeOnProbationThatDiscoveryListsAgainIsKeptWithItsState(LoadBalancerConfig config) {
    Balancer balancer = Lb.balancer(probation(config), 3, new FakeClock());
    balancer.update(Lb.addresses(2));
    Node node = Lb.node(balancer, 0);
    node.begin();
    balancer.update(Lb.addresses(1, 2));
    balancer.update(Lb.addresses(2));
    assertSame(node, Lb.node(balancer, 0));
    assertTrue(!node.onProbation());
    assertEquals(1, node.pending());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void withoutProbationARemovedNodeLeavesAtOnceAndAClosedOneStays(LoadBalancerConfig config) {
    Balancer balancer = Lb.balancer(config, 3, new FakeClock());
    balancer.update(Lb.addresses(3));
    Lb.node(balancer, 2).status(Node.Status.CLOSED);
    balancer.update(Lb.addresses(1, 3));
    // Node 0 was OPEN and left discovery; node 2 is CLOSED but still listed.
    assertEquals(Set.of(1, 2), hosts(Set.copyOf(balancer.nodes())));
  }

  private static LoadBalancerConfig probation(LoadBalancerConfig config) {
    if (config instanceof LoadBalancerConfig.P2c p) {
      return new LoadBalancerConfig.P2c(p.maxEffort(), true);
    } else if (config instanceof LoadBalancerConfig.Ewma e) {
      return new LoadBalancerConfig.Ewma(e.decayTime(), e.maxEffort(), true);
    } else if (config instanceof LoadBalancerConfig.Aperture a) {
      return new LoadBalancerConfig.Aperture(a.smoothWindow(), a.maxEffort(), a.lowLoad(),
          a.highLoad(), a.minAperture(), true);
    } else if (config instanceof LoadBalancerConfig.Heap) {
      return new LoadBalancerConfig.Heap(true);
    }
    return new LoadBalancerConfig.RoundRobin(((LoadBalancerConfig.RoundRobin) config).maxEffort(), true);
  }

  private static Set<Integer> hosts(Set<Node> nodes) {
    Set<Integer> out = new HashSet<>();
    for (Node node : nodes) {
      Address a = node.address();
      out.add(Integer.parseInt(a.host().substring(a.host().lastIndexOf('.') + 1)));
    }
    return out;
  }
}
