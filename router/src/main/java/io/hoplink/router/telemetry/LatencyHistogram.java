package io.hoplink.router.telemetry;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request latencies counted in fixed buckets, so that Prometheus can add them up across
 * routers before taking a quantile (a sample's quantiles cannot be added). Upper bounds are
 * inclusive, from 1 ms to 10 s, then +Inf. Recording is a scan of 13 bounds and two
 * {@link LongAdder} increments: no lock and no allocation on the request path.
 */
public final class LatencyHistogram {
  private static final List<Long> BOUNDS_MS =
      List.of(1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);
  private static final long[] BOUNDS_NANOS =
      BOUNDS_MS.stream().mapToLong(ms -> ms * 1_000_000L).toArray();

  private final LongAdder[] counts = new LongAdder[BOUNDS_NANOS.length + 1];
  private final LongAdder sumNanos = new LongAdder();

  public LatencyHistogram() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** The finite upper bounds in milliseconds, ascending; a last bucket (+Inf) follows them. */
  public static List<Long> boundsMs() {
    return BOUNDS_MS;
  }

  /** Counts one latency; a negative one (a clock step) counts as 0. */
  public void record(long nanos) {
    long value = Math.max(0, nanos);
    int i = 0;
    while (i < BOUNDS_NANOS.length && value > BOUNDS_NANOS[i]) {
      i++;
    }
    counts[i].increment();
    sumNanos.add(value);
  }

  /**
   * How many latencies were at most each bound, then the total (+Inf). Each bucket is read
   * once, so the counts never decrease along the array and the last is the count.
   */
  public long[] cumulativeCounts() {
    long[] out = new long[counts.length];
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      total += counts[i].sum();
      out[i] = total;
    }
    return out;
  }

  public long sumNanos() {
    return sumNanos.sum();
  }
}
