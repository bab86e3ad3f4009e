package io.hoplink.router.admin;

import io.hoplink.router.telemetry.LatencyHistogram;
import java.util.List;

/**
 * Quantiles of the latencies counted between two readings of {@link LatencyHistogram}'s fixed
 * buckets, interpolated inside the bucket as Prometheus' {@code histogram_quantile} does: the
 * figures the dashboard shows agree with the README's PromQL.
 */
final class LatencyQuantiles {
  private static final List<Long> BOUNDS = LatencyHistogram.boundsMs();

  private LatencyQuantiles() {}

  /**
   * The {@code q} quantile in milliseconds of {@code delta}, counts per bucket (not cumulative),
   * the last being +Inf; null when it holds no latency. In the +Inf bucket it is the highest
   * finite bound.
   */
  static Double quantile(double q, long[] delta) {
    long total = 0;
    for (long n : delta) {
      total += n;
    }
    if (total == 0) {
      return null;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < delta.length; i++) {
      if (below + delta[i] >= rank && delta[i] > 0) {
        if (i >= BOUNDS.size()) {
          return (double) BOUNDS.get(BOUNDS.size() - 1);
        }
        double lower = i == 0 ? 0 : BOUNDS.get(i - 1);
        double upper = BOUNDS.get(i);
        return lower + (upper - lower) * (rank - below) / delta[i];
      }
      below += delta[i];
    }
    return (double) BOUNDS.get(BOUNDS.size() - 1);
  }

  /** Per-bucket counts between two cumulative readings; {@code before} null: since zero. */
  static long[] delta(long[] now, long[] before) {
    long[] out = new long[now.length];
    long previous = 0;
    for (int i = 0; i < now.length; i++) {
      long cumulative = now[i] - (before == null ? 0 : before[i]);
      out[i] = Math.max(0, cumulative - previous);
      previous = Math.max(previous, cumulative);
    }
    return out;
  }
}
