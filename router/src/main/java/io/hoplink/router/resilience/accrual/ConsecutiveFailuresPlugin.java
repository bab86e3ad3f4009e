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
 * Removes an endpoint after a number of failures in a row (the default, with 5).
 *
 * <pre>
 * client:
 *   failureAccrual:
 *     kind: io.l5d.consecutiveFailures
 *     failures: 5
 *     backoff: {kind: jittered, minMs: 5000, maxMs: 300000}
 * </pre>
 */
public final class ConsecutiveFailuresPlugin
    implements FailureAccrualPlugin<ConsecutiveFailuresPlugin.Config> {
  public static final String KIND = "io.l5d.consecutiveFailures";

  public record Config(String kind, int failures, BackoffConfig backoff) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "failures", "backoff"));
    return new Config(KIND, AccrualKeys.positive(node, "failures", 5), AccrualKeys.backoff(node));
  }

  @Override
  public FailureAccrualPolicy newPolicy(Config config, LongSupplier nanoTime,
      RandomGenerator random) {
    return new ConsecutiveFailuresPolicy(config.failures(), Backoff.of(config.backoff(), random));
  }
}
