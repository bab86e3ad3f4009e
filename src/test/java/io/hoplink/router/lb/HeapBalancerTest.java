package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapBalancerTest {
  @Test
  void theLeastLoadedNodeIsAlwaysPicked() {
    Balancer balancer = Lb.balancer(Lb.HEAP, 1, new FakeClock());
    balancer.update(Lb.addresses(4));
    // Every request stays outstanding: the heap hands them out one per node per round.
    for (int round = 0; round < 25; round++) {
      Map<Node, Integer> counts = new HashMap<>();
      for (int i = 0; i < 4; i++) {
        Node node = balancer.pick();
        node.begin();
        counts.merge(node, 1, Integer::sum);
      }
      assertEquals(4, counts.size(), "round " + round + ": " + counts);
    }
  }

  @Test
  void aNodeWithManyOutstandingRequestsIsAvoided() {
    Balancer balancer = Lb.balancer(Lb.HEAP, 1, new FakeClock());
    balancer.update(Lb.addresses(3));
    Node busy = Lb.node(balancer, 0);
    for (int i = 0; i < 10; i++) {
      busy.begin();
    }
    for (int i = 0; i < 20; i++) {
      Node picked = balancer.pick();
      assertNotSame(busy, picked);
      picked.begin();
    }
    assertEquals(10, Lb.node(balancer, 1).pending());
    assertEquals(10, Lb.node(balancer, 2).pending());
    for (int i = 0; i < 10; i++) {
      busy.end(1);
    }
    assertEquals(busy, balancer.pick(), "a node that drained is the root again");
  }

  @Test
  void weightDividesTheLoad() {
    Balancer balancer = Lb.balancer(Lb.HEAP, 1, new FakeClock());
    balancer.update(java.util.Set.of(io.hoplink.naming.Address.of("10.0.0.1", 80).withWeight(3),
        io.hoplink.naming.Address.of("10.0.0.2", 80)));
    int heavy = 0;
    for (int i = 0; i < 400; i++) {
      Node node = balancer.pick();
      node.begin();
      if (node.address().weight() == 3) {
        heavy++;
      }
    }
    assertTrue(Math.abs(heavy - 300) <= 2, "weight 3 of 4 took " + heavy + " of 400");
  }
}
