package io.hoplink.config;

import java.time.Duration;
import java.util.Optional;

/** Typed reads with ranges, failing with the expected range named. */
final class Bounds {
  private Bounds() {}

  static int integer(ConfigNode parent, String key, int fallback, int min, int max) {
    return parent.get(key).map(n -> {
      long value = n.asLong();
      if (value < min || value > max) {
        throw n.error(value + " (expected: " + range(min, max) + ")");
      }
      return (int) value;
    }).orElse(fallback);
  }

  static double number(ConfigNode parent, String key, double fallback, double min, double max) {
    return parent.get(key).map(n -> {
      double value = n.asDouble();
      if (!(value >= min && value <= max)) {
        throw n.error(value + " (expected: " + min + " to " + max + ")");
      }
      return value;
    }).orElse(fallback);
  }

  /** Milliseconds that must be more than zero. */
  static Optional<Duration> positiveMillis(ConfigNode parent, String key) {
    return parent.get(key).map(Bounds::positiveMillis);
  }

  /** This value, milliseconds that must be more than zero. */
  static Duration positiveMillis(ConfigNode node) {
    long value = node.asLong();
    if (value <= 0) {
      throw node.error(value + " (expected: > 0)");
    }
    return Duration.ofMillis(value);
  }

  static Duration positiveMillis(ConfigNode parent, String key, Duration fallback) {
    return positiveMillis(parent, key).orElse(fallback);
  }

  /** Milliseconds where 0 means "never": absent. */
  static Optional<Duration> millisOrNever(ConfigNode parent, String key) {
    return parent.get(key).map(n -> parent.millis(key, Duration.ZERO)).filter(d -> !d.isZero());
  }

  private static String range(int min, int max) {
    if (max == Integer.MAX_VALUE) {
      return min == 1 ? "> 0" : ">= " + min;
    }
    return min + " to " + max;
  }
}
