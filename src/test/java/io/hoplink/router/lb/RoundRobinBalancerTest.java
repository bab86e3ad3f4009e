package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {
  @Test
  void nodesAreTakenInTurnWhateverTheirLoad() {
    Balancer balancer = Lb.balancer(Lb.ROUND_ROBIN, 1, new FakeClock());
    balancer.update(Lb.addresses(3));
    Lb.node(balancer, 0).begin();
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      hosts.add(balancer.pick().address().host());
    }
    assertEquals(List.of("10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.0", "10.0.0.1", "10.0.0.2"),
        hosts);
  }

  @Test
  void aClosedNodeIsSkippedInTheCycle() {
    Balancer balancer = Lb.balancer(Lb.ROUND_ROBIN, 1, new FakeClock());
    balancer.update(Lb.addresses(3));
    Lb.node(balancer, 1).status(Node.Status.CLOSED);
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      hosts.add(balancer.pick().address().host());
    }
    assertEquals(List.of("10.0.0.0", "10.0.0.2", "10.0.0.0", "10.0.0.2"), hosts);
  }
}
