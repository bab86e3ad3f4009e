package io.hoplink.router.resilience.accrual;

import io.hoplink.config.BackoffConfig;
import io.hoplink.config.ConfigNode;
import java.time.Duration;

/** Reads the keys the failure accrual kinds share. */
final class AccrualKeys {
  /** Linkerd's default: decorrelated jitter from 5 s to 300 s. */
  static final BackoffConfig DEFAULT_BACKOFF =
      new BackoffConfig.Jittered(Duration.ofSeconds(5), Duration.ofSeconds(300));

  private AccrualKeys() {}

  static BackoffConfig backoff(ConfigNode node) {
    return node.get("backoff").map(BackoffConfig::parse).orElse(DEFAULT_BACKOFF);
  }

  /** A required success rate between 0 and 1. */
  static double successRate(ConfigNode node) {
    ConfigNode rate = node.required("successRate");
    double value = rate.asDouble();
    if (!(value >= 0 && value <= 1)) {
      throw rate.error(value + " (expected: 0 to 1)");
    }
    return value;
  }

  /** A positive whole number, required when {@code fallback} is negative. */
  static int positive(ConfigNode node, String key, int fallback) {
    ConfigNode n = fallback < 0 ? node.required(key) : node.get(key).orElse(null);
    if (n == null) {
      return fallback;
    }
    long value = n.asLong();
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw n.error(value + " (expected: > 0)");
    }
    return (int) value;
  }
}
