package io.hoplink.router.resilience.accrual;

import io.hoplink.config.BackoffConfig;
import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.FailureAccrualPlugin;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Removes an endpoint whose success rate over about the last {@code requests} requests (a moving
 * average) is below {@code successRate}.
 *
 * <pre>
 * client:
 *   failureAccrual:
 *     kind: io.l5d.successRate
 *     successRate: 0.9
 *     requests: 20
 *     backoff: {kind: constant, ms: 10000}
 * </pre>
 */
public final class SuccessRatePlugin implements FailureAccrualPlugin<SuccessRatePlugin.Config> {
  public static final String KIND = "io.l5d.successRate";

  public record Config(String kind, double successRate, int requests, BackoffConfig backoff)
      implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "successRate", "requests", "backoff"));
    return new Config(KIND, AccrualKeys.successRate(node), AccrualKeys.positive(node, "requests", -1),
        AccrualKeys.backoff(node));
  }

  @Override
  public FailureAccrualPolicy newPolicy(Config config, LongSupplier nanoTime,
      RandomGenerator random) {
    return new SuccessRatePolicy(config.successRate(), config.requests(),
        Backoff.of(config.backoff(), random));
  }
}
