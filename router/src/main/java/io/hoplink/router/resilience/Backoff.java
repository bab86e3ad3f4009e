package io.hoplink.router.resilience;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.BackoffConfig;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each next step (a retry, a failure accrual probe). A backoff is a
 * recipe; each run of attempts takes its own {@link Schedule} from {@link #start()}.
 */
public interface Backoff {

  /** A fresh schedule at its first step. */
  Schedule start();

  /** The delays of one run, step by step; not thread-safe. */
  interface Schedule {
    /** The next delay in milliseconds; each call moves one step on. */
    long nextMillis();
  }

  /** The same delay every time. */
  static Backoff constant(Duration delay) {
    return new ConstantBackoff(requireNonNull(delay, "delay").toMillis());
  }

  /**
   * Decorrelated jitter: the first delay is {@code min}, each next one is drawn between
   * {@code min} and three times the previous, never above {@code max}.
   */
  static Backoff decorrelatedJitter(Duration min, Duration max, RandomGenerator random) {
    return new JitteredBackoff(requireNonNull(min, "min").toMillis(),
        requireNonNull(max, "max").toMillis(), requireNonNull(random, "random"));
  }

  /** The backoff a {@code backoff:} block describes. */
  static Backoff of(BackoffConfig config, RandomGenerator random) {
    requireNonNull(config, "config");
    if (config instanceof BackoffConfig.Constant constant) {
      return constant(constant.delay());
    }
    BackoffConfig.Jittered jittered = (BackoffConfig.Jittered) config;
    return decorrelatedJitter(jittered.min(), jittered.max(), random);
  }
}
