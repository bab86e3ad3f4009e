package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.LoadBalancerConfig;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeakEwmaBalancerTest {
  private static final long MS = 1_000_000;

  @Test
  void trafficMovesOffANodeWhoseLatencyJumpsAndBackWhenItRecovers() {
    // Five backends answering in 10 ms (±1), backend 0 in 200 ms from 10 s to 20 s.
    LbSimulation.Latency latency = (b, now, random) ->
        (b == 0 && now >= 10_000 * MS && now < 20_000 * MS ? 200 * MS : 10 * MS)
            + random.nextLong(-MS, MS);
    LbSimulation.Result run = LbSimulation.run("ewma",
        new LoadBalancerConfig.Ewma(Duration.ofSeconds(2), 5, false), 5, Duration.ofMillis(1),
        Duration.ofSeconds(40), latency, 11);

    double before = run.share(0, Duration.ofSeconds(5), Duration.ofSeconds(10));
    double slow = run.share(0, Duration.ofSeconds(11), Duration.ofSeconds(20));
    double after = run.share(0, Duration.ofSeconds(30), Duration.ofSeconds(40));
    // A fifth each while equal, within 5 points; under 2% while slow; most of its fifth back
    // within ten seconds of recovering (its cost decays over the 2 s decay time).
    assertEquals(0.2, before, 0.05, "share before");
    assertTrue(slow < 0.02, "share while slow: " + slow);
    assertEquals(0.2, after, 0.05, "share after recovery");
  }

  @Test
  void anUnprobedNodeIsProbedAtMostOnceUntilItAnswers() {
    FakeClock clock = new FakeClock();
    Balancer balancer = Balancer.ewma(Duration.ofSeconds(10), new SplittableRandom(4), clock);
    balancer.update(Lb.addresses(5));
    Lb.drive(balancer, clock, 1_000, 5, Duration.ofMillis(10));
    balancer.update(Lb.addresses(6));
    Node fresh = Lb.node(balancer, 5);

    int picked = 0;
    for (int i = 0; i < 2_000; i++) {
      Node node = balancer.pick();
      node.begin(); // nothing ends: every node's pending grows
      if (node == fresh) {
        picked++;
      }
    }
    assertEquals(1, picked, "an unprobed node with a request outstanding must wait for its answer");

    fresh.end(Duration.ofMillis(10).toNanos());
    assertTrue(fresh.costNanos().orElseThrow() > 0);
  }

  @Test
  void costJumpsToAPeakAndDecaysTowardsNewerRoundTrips() {
    FakeClock clock = new FakeClock();
    Balancer balancer = Balancer.ewma(Duration.ofSeconds(10), new SplittableRandom(1), clock);
    balancer.update(Lb.addresses(1));
    Node node = balancer.pick();
    assertEquals(0.0, node.costNanos().orElseThrow());

    node.begin();
    node.end(10 * MS);
    assertEquals(10 * MS, node.costNanos().orElseThrow(), 1);
    node.begin();
    node.end(500 * MS);
    assertEquals(500 * MS, node.costNanos().orElseThrow(), 1, "a peak is taken at once");

    clock.advance(Duration.ofSeconds(10));
    // One decay time later: 500 ms × e^-1 with no new round trip.
    assertEquals(500 * MS * Math.exp(-1), node.costNanos().orElseThrow(), 1e3);
    node.begin();
    node.end(10 * MS);
    // A round trip below the cost moves it by (1 - w), w = e^-1 for the 10 s since the peak.
    double expected = 500 * MS * Math.exp(-1) + 10 * MS * (1 - Math.exp(-1));
    assertEquals(expected, node.costNanos().orElseThrow(), 1e3);
    node.begin();
    assertEquals(expected * 2, node.load(), 1e3, "load is cost × (pending + 1)");
  }

  @Test
  void aSlowerNodeGetsLessTraffic() {
    LbSimulation.Latency latency = (b, now, random) -> (b == 0 ? 30 * MS : 10 * MS);
    LbSimulation.Result run = LbSimulation.run("ewma", Lb.EWMA, 4, Duration.ofMillis(1),
        Duration.ofSeconds(10), latency, 3);
    double slow = run.share(0, Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertTrue(slow < 0.15, "a node three times slower got " + slow + " of the requests");
  }
}
