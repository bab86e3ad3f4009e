package io.hoplink.router.resilience;

import java.util.random.RandomGenerator;

/** {@code backoff: {kind: jittered, minMs, maxMs}}: decorrelated jitter. */
final class JitteredBackoff implements Backoff {
  private final long min;
  private final long max;
  private final RandomGenerator random;

  JitteredBackoff(long min, long max, RandomGenerator random) {
    if (min <= 0 || max < min) {
      throw new IllegalArgumentException(
          "min " + min + " ms, max " + max + " ms (expected: 0 < min <= max)");
    }
    this.min = min;
    this.max = max;
    this.random = random;
  }

  @Override
  public Schedule start() {
    return new Schedule() {
      private long previous;

      @Override
      public long nextMillis() {
        if (previous == 0) {
          previous = min;
          return min;
        }
        long upper = previous > max / 3 ? max : previous * 3;
        previous = upper <= min ? min : min + random.nextLong(upper - min + 1);
        return previous;
      }
    };
  }

  @Override
  public String toString() {
    return "jittered(" + min + " to " + max + " ms)";
  }
}
