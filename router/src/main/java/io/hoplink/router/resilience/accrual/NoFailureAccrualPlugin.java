package io.hoplink.router.resilience.accrual;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.resilience.FailureAccrualPlugin;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Turns failure accrual off: no endpoint is ever removed.
 *
 * <pre>
 * client:
 *   failureAccrual:
 *     kind: none
 * </pre>
 */
public final class NoFailureAccrualPlugin
    implements FailureAccrualPlugin<NoFailureAccrualPlugin.Config> {
  public static final String KIND = "none";

  public record Config(String kind) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind"));
    return new Config(KIND);
  }

  @Override
  public FailureAccrualPolicy newPolicy(Config config, LongSupplier nanoTime,
      RandomGenerator random) {
    return FailureAccrualPolicy.never();
  }
}
