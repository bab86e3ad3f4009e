package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApertureBalancerTest {
  private final FakeClock clock = new FakeClock();

  private AperturePicker picker(int minAperture) {
    return new AperturePicker(new SplittableRandom(8), clock, Duration.ofSeconds(5), 0.5, 2.0,
        minAperture);
  }

  private Balancer balancer(AperturePicker picker, int nodes) {
    Balancer balancer = new DefaultBalancer(LoadMetric.leastLoaded(), picker, 5, false,
        new SplittableRandom(2), BalancerEvents.NONE);
    balancer.update(Lb.addresses(nodes));
    return balancer;
  }

  @Test
  void theWindowStaysAtMinApertureUnderLowLoad() {
    AperturePicker picker = picker(2);
    Balancer balancer = balancer(picker, 10);
    // One request at a time: the smoothed load per window node stays at or below 0.5.
    Map<Node, Integer> counts = Lb.drive(balancer, clock, 5_000, 1, Duration.ofMillis(10));
    assertEquals(2, picker.aperture());
    assertEquals(2, counts.size(), "only the window's nodes get requests: " + counts);
  }

  @Test
  void theWindowGrowsUnderHighLoadAndNarrowsWhenItFalls() {
    AperturePicker picker = picker(1);
    Balancer balancer = balancer(picker, 10);
    Lb.drive(balancer, clock, 20_000, 8, Duration.ofMillis(10));
    // Seven to eight outstanding: the window widens while the load per node is 2 or more,
    // so to four nodes (7.5 / 4 < 2), and stays there (7.5 / 4 > 0.5).
    assertEquals(4, picker.aperture());
    Map<Node, Integer> busy = Lb.drive(balancer, clock, 20_000, 40, Duration.ofMillis(10));
    assertEquals(10, picker.aperture());
    assertEquals(10, busy.size());

    Lb.drive(balancer, clock, 5_000, 1, Duration.ofMillis(100));
    assertEquals(1, picker.aperture());
    Map<Node, Integer> quiet = Lb.drive(balancer, clock, 1_000, 1, Duration.ofMillis(100));
    assertEquals(1, quiet.size(), "the window narrowed as load fell: " + quiet);
  }

  @Test
  void theWindowCoversOpenNodesFirst() {
    AperturePicker picker = picker(3);
    Balancer balancer = balancer(picker, 10);
    Map<Node, Integer> before = Lb.drive(balancer, clock, 1_000, 1, Duration.ofMillis(10));
    Node first = before.keySet().iterator().next();
    first.status(Node.Status.CLOSED);
    Map<Node, Integer> after = Lb.drive(balancer, clock, 1_000, 1, Duration.ofMillis(10));
    assertEquals(3, after.size());
    assertTrue(!after.containsKey(first));
  }
}
