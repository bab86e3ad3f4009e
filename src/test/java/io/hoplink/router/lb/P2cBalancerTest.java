package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.naming.Address;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class P2cBalancerTest {
  @Test
  void emptySetPicksNothing() {
    assertNull(Balancer.p2c(new SplittableRandom(1)).pick());
  }

  @Test
  void equalNodesSharePicksEvenly() {
    Balancer balancer = Balancer.p2c(new SplittableRandom(42));
    balancer.update(addresses(5));
    Map<Address, Integer> counts = new HashMap<>();
    int picks = 50_000;
    for (int i = 0; i < picks; i++) {
      counts.merge(balancer.pick().address(), 1, Integer::sum);
    }
    // Each of 5 idle nodes should get a fifth of the picks, within 5% of that share.
    for (int count : counts.values()) {
      assertEquals(picks / 5.0, count, picks / 5.0 * 0.05);
    }
  }

  @Test
  void busyNodeIsAvoided() {
    Balancer balancer = Balancer.p2c(new SplittableRandom(7));
    balancer.update(addresses(3));
    Node busy = balancer.nodes().get(0);
    for (int i = 0; i < 10; i++) {
      busy.begin();
    }
    for (int i = 0; i < 1000; i++) {
      Node picked = balancer.pick();
      assertTrue(picked != busy, "a node with 10 outstanding requests was picked over idle ones");
    }
  }

  @Test
  void heavierWeightTakesMoreLoad() {
    Balancer balancer = Balancer.p2c(new SplittableRandom(3));
    Set<Address> set = new LinkedHashSet<>();
    set.add(Address.of("10.0.0.1", 80).withWeight(3));
    set.add(Address.of("10.0.0.2", 80));
    balancer.update(set);
    // Keep every pick outstanding: least-loaded then spreads pending in proportion to weight.
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      Node node = balancer.pick();
      node.begin();
      counts.merge(node.address().host(), 1, Integer::sum);
    }
    assertEquals(300, counts.get("10.0.0.1"), 4);
    assertEquals(100, counts.get("10.0.0.2"), 4);
  }

  @Test
  void updateKeepsStateOfNodesThatStayed() {
    Balancer balancer = Balancer.p2c(new SplittableRandom(1));
    balancer.update(addresses(3));
    Node kept = balancer.nodes().get(1);
    kept.begin();
    Set<Address> next = new LinkedHashSet<>(addresses(2));
    next.add(Address.of("10.0.0.9", 80));
    balancer.update(next);
    Node after = balancer.nodes().stream()
        .filter(n -> n.address().equals(kept.address())).findFirst().orElseThrow();
    assertSame(kept, after);
    assertEquals(1, after.pending());
    assertEquals(3, balancer.nodes().size());
  }

  private static Set<Address> addresses(int n) {
    Set<Address> out = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      out.add(Address.of("10.0.0." + i, 80));
    }
    return out;
  }
}
