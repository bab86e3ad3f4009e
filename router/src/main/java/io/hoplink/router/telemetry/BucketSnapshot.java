package io.hoplink.router.telemetry;

import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The counts of a {@link BucketReservoir} at one moment. A value read back is the middle of its
 * bucket (exact below {@link BucketReservoir#EXACT}); the maximum is the top of the highest
 * bucket used and the minimum the bottom of the lowest, so every quantile lies between them.
 */
final class BucketSnapshot extends Snapshot {
  private final long[] counts;
  private final long total;

  BucketSnapshot(long[] counts) {
    this.counts = counts;
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    this.total = sum;
  }

  private static long middle(int index) {
    return BucketReservoir.lowest(index) + (BucketReservoir.width(index) - 1) / 2;
  }

  @Override
  public double getValue(double quantile) {
    if (quantile < 0 || quantile > 1 || Double.isNaN(quantile)) {
      throw new IllegalArgumentException(quantile + " is not in [0..1]");
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return middle(i);
      }
    }
    return middle(counts.length - 1);
  }

  /** Each value as the middle of its bucket, ascending. */
  @Override
  public long[] getValues() {
    long[] out = new long[size()];
    int at = 0;
    for (int i = 0; i < counts.length && at < out.length; i++) {
      for (long c = 0; c < counts[i] && at < out.length; c++) {
        out[at++] = middle(i);
      }
    }
    return out;
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  @Override
  public long getMax() {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0) {
        return BucketReservoir.lowest(i) + BucketReservoir.width(i) - 1;
      }
    }
    return 0;
  }

  @Override
  public long getMin() {
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        return BucketReservoir.lowest(i);
      }
    }
    return 0;
  }

  @Override
  public double getMean() {
    if (total == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += (double) counts[i] * middle(i);
    }
    return sum / total;
  }

  @Override
  public double getStdDev() {
    if (total < 2) {
      return 0;
    }
    double mean = getMean();
    double squares = 0;
    for (int i = 0; i < counts.length; i++) {
      double d = middle(i) - mean;
      squares += counts[i] * d * d;
    }
    return Math.sqrt(squares / (total - 1));
  }

  @Override
  public void dump(OutputStream output) {
    try (PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(output,
        StandardCharsets.UTF_8))) {
      for (long value : getValues()) {
        out.println(value);
      }
    }
  }
}
