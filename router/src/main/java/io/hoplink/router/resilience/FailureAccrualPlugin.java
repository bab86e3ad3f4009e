package io.hoplink.router.resilience;

import io.hoplink.config.Plugin;
import io.hoplink.config.PluginConfig;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** The failure accrual family: {@code client.failureAccrual} blocks, found by kind. */
public interface FailureAccrualPlugin<C extends PluginConfig> extends Plugin<C> {
  String FAMILY = "failureAccrual";

  /** A policy for one endpoint; the clock and randomness come from the caller. */
  FailureAccrualPolicy newPolicy(C config, LongSupplier nanoTime, RandomGenerator random);

  /** Builds from a config this plugin parsed. */
  @SuppressWarnings("unchecked")
  default FailureAccrualPolicy newPolicyUnchecked(PluginConfig config, LongSupplier nanoTime,
      RandomGenerator random) {
    return newPolicy((C) config, nanoTime, random);
  }
}
