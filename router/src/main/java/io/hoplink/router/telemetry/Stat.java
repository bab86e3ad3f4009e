package io.hoplink.router.telemetry;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Snapshot;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution such as {@code request_latency_ms}: an exact count and sum, and quantiles from
 * a bounded, recent-biased sample. Exported flattened as Linkerd does: {@code .count .sum .avg
 * .min .max .p50 .p90 .p95 .p99 .p9990 .p9999}.
 */
public final class Stat implements Gauge<Stat> {
  private final Histogram histogram =
      new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build());
  private final LongAdder sum = new LongAdder();

  public void add(long value) {
    histogram.update(value);
    sum.add(value);
  }

  public long count() {
    return histogram.getCount();
  }

  public long sum() {
    return sum.sum();
  }

  public Snapshot snapshot() {
    return histogram.getSnapshot();
  }

  @Override
  public Stat getValue() {
    return this;
  }
}
