package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NodeRequestsTest {
  @Test
  void eachNodeCountsTheRequestsBegunOnIt() {
    for (var config : Lb.ALL) {
      FakeClock clock = new FakeClock();
      Balancer balancer = Lb.balancer(config, 7, clock);
      balancer.update(Lb.addresses(4));
      Map<Node, Integer> picked = Lb.drive(balancer, clock, 1000, 4, Duration.ofMillis(10));
      for (Node node : balancer.nodes()) {
        assertEquals(picked.getOrDefault(node, 0).longValue(), node.requests(),
            config.kind() + " " + node);
      }
      assertEquals(1000, balancer.nodes().stream().mapToLong(Node::requests).sum(), config.kind());
    }
  }

  @Test
  void theCountStaysWithTheNodeAcrossDiscoveryUpdates() {
    FakeClock clock = new FakeClock();
    Balancer balancer = Lb.balancer(Lb.P2C, 1, clock);
    balancer.update(Lb.addresses(2));
    Node first = Lb.node(balancer, 0);
    first.begin();
    first.end(1);
    balancer.update(Lb.addresses(0, 3)); // node 0 stays, node 2 joins
    assertEquals(1, Lb.node(balancer, 0).requests());
    assertEquals(0, Lb.node(balancer, 2).requests());
  }

  @Test
  void beginsFromManyThreadsAreAllCounted() throws Exception {
    Balancer balancer = Lb.balancer(Lb.P2C, 3, new FakeClock());
    balancer.update(Lb.addresses(1));
    Node node = Lb.node(balancer, 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) {
            node.begin();
            node.end();
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(40_000, node.requests());
    assertEquals(0, node.pending());
  }
}
