package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.LoadBalancerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Linkerd's "beyond round robin" experiment, simulated: ten backends with the same latency
 * distribution (8 ms plus an exponential tail of mean 2 ms), of which one answers ten times
 * slower for the middle ten seconds of a thirty-second run; a request arrives every millisecond
 * (about ten in flight). The published Finagle/Linkerd results order the balancers so: round
 * robin worst, least loaded (p2c) better, peak-EWMA best, on p99, p99.9 and success within a
 * timeout. Deterministic for a seed; about 0.2 s per seed.
 */
class BeyondRoundRobinSimulationTest {
  private static final long MS = 1_000_000;
  private static final Duration TIMEOUT = Duration.ofMillis(50);

  private static final LbSimulation.Latency ONE_SLOW_BACKEND = (backend, now, random) -> {
    double base = 8 * MS - 2 * MS * Math.log(1 - random.nextDouble());
    boolean slow = backend == 0 && now >= 10_000 * MS && now < 20_000 * MS;
    return (long) (slow ? base * 10 : base);
  };

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void roundRobinIsWorstLeastLoadedBetterPeakEwmaBest(long seed) {
    Map<String, LbSimulation.Result> results = new LinkedHashMap<>();
    for (LoadBalancerConfig config : Lb.ALL) {
      results.put(config.kind(), LbSimulation.run(config.kind(), config, 10,
          Duration.ofMillis(1), Duration.ofSeconds(30), ONE_SLOW_BACKEND, seed));
    }
    results.values().forEach(r -> System.out.printf(
        "seed %d %-10s p50 %6.1f ms  p99 %6.1f ms  p99.9 %6.1f ms  success within %d ms %.4f%n",
        seed, r.name(), r.quantileMs(0.5), r.quantileMs(0.99), r.quantileMs(0.999),
        TIMEOUT.toMillis(), r.success(TIMEOUT)));

    LbSimulation.Result roundRobin = results.get("roundRobin");
    LbSimulation.Result leastLoaded = results.get("p2c");
    LbSimulation.Result ewma = results.get("ewma");
    for (double q : new double[] {0.99, 0.999}) {
      assertTrue(roundRobin.quantileMs(q) > leastLoaded.quantileMs(q)
          && leastLoaded.quantileMs(q) > ewma.quantileMs(q),
          "p" + q * 100 + ": roundRobin " + roundRobin.quantileMs(q) + ", p2c "
              + leastLoaded.quantileMs(q) + ", ewma " + ewma.quantileMs(q));
    }
    assertTrue(roundRobin.success(TIMEOUT) < leastLoaded.success(TIMEOUT)
        && leastLoaded.success(TIMEOUT) < ewma.success(TIMEOUT),
        "success: roundRobin " + roundRobin.success(TIMEOUT) + ", p2c "
            + leastLoaded.success(TIMEOUT) + ", ewma " + ewma.success(TIMEOUT));
  }
}
