package io.hoplink.router.telemetry;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Snapshot;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution such as {@code request_latency_ms}: an exact count and sum, and quantiles of
 * the last one to two minutes from counts in fixed buckets ({@link BucketReservoir}: under 3 KB
 * per stat however busy). Exported flattened as Linkerd does: {@code .count .sum .avg
 * .min .max .p50 .p90 .p95 .p99 .p9990 .p9999}. A latency stat also counts each duration in
 * {@link LatencyHistogram}'s fixed buckets, which Prometheus can add up across routers.
 */
public final class Stat implements Gauge<Stat> {
  private final Histogram histogram = new Histogram(new BucketReservoir());
  private final LongAdder sum = new LongAdder();
  private final LatencyHistogram buckets;

  /** A stat of plain values. */
  public Stat() {
    this(null);
  }

  private Stat(LatencyHistogram buckets) {
    this.buckets = buckets;
  }

  /** A stat of durations in milliseconds that also keeps fixed latency buckets. */
  static Stat withBuckets() {
    return new Stat(new LatencyHistogram());
  }

  public void add(long value) {
    histogram.update(value);
    sum.add(value);
  }

  /** A duration: whole milliseconds into the stat, the exact value into the buckets if any. */
  public void addNanos(long nanos) {
    add(TimeUnit.NANOSECONDS.toMillis(nanos));
    if (buckets != null) {
      buckets.record(nanos);
    }
  }

  /** The fixed latency buckets of a latency stat; null for a stat of plain values. */
  public LatencyHistogram buckets() {
    return buckets;
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
