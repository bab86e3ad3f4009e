package io.hoplink.router.resilience.accrual;

import io.hoplink.config.BackoffConfig;
import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.FailureAccrualPlugin;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Removes an endpoint whose success rate over the last {@code window} seconds is below
 * {@code successRate} (judged from 5 requests in the window on).
 *
 * <pre>
 * client:
 *   failureAccrual:
 *     kind: io.l5d.successRateWindowed
 *     successRate: 0.9
 *     window: 30
 *     backoff: {kind: jittered, minMs: 5000, maxMs: 300000}
 * </pre>
 *
 * <p>{@code window} is in seconds, as Linkerd writes it.
 */
public final class SuccessRateWindowedPlugin
    implements FailureAccrualPlugin<SuccessRateWindowedPlugin.Config> {
  public static final String KIND = "io.l5d.successRateWindowed";

  public record Config(String kind, double successRate, int window, BackoffConfig backoff)
      implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "successRate", "window", "backoff"));
    return new Config(KIND, AccrualKeys.successRate(node), AccrualKeys.positive(node, "window", -1),
        AccrualKeys.backoff(node));
  }

  @Override
  public FailureAccrualPolicy newPolicy(Config config, LongSupplier nanoTime,
      RandomGenerator random) {
    return new SuccessRateWindowedPolicy(config.successRate(),
        TimeUnit.SECONDS.toNanos(config.window()), Backoff.of(config.backoff(), random), nanoTime);
  }
}
