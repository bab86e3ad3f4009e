package io.hoplink.router.telemetry.prometheus;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Snapshot;
import io.hoplink.router.telemetry.LatencyHistogram;
import io.hoplink.router.telemetry.Stat;
import java.math.BigDecimal;

/** One metric's samples in one family, with its name and labels worked out beforehand. */
sealed interface Series {
  void write(Exposition out);

  record CounterSeries(String name, String labels, Counter counter) implements Series {
    @Override
    public void write(Exposition out) {
      out.sample(name, "", labels, null, counter.getCount());
    }
  }

  /** A gauge's number; a gauge that throws or is not a number writes nothing. */
  record GaugeSeries(String name, String labels, Gauge<?> gauge) implements Series {
    @Override
    public void write(Exposition out) {
      Object value;
      try {
        value = gauge.getValue();
      } catch (RuntimeException e) {
        return; // one broken gauge must not break the scrape
      }
      if (value instanceof Double || value instanceof Float) {
        out.sample(name, "", labels, null, ((Number) value).doubleValue());
      } else if (value instanceof Integer || value instanceof Long) {
        out.sample(name, "", labels, null, ((Number) value).longValue());
      } else if (value instanceof Number number) {
        out.sample(name, "", labels, null, number.toString());
      }
    }
  }

  /**
   * Linkerd's summary of a stat: quantiles 0 (min), 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999 and 1
   * (max) of its recent sample once it has one, then {@code _sum} and {@code _count}.
   */
  record SummarySeries(String name, String labels, Stat stat) implements Series {
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999, 0.9999};
    private static final String[] QUANTILE_LABELS = {"quantile=\"0.5\"", "quantile=\"0.9\"",
        "quantile=\"0.95\"", "quantile=\"0.99\"", "quantile=\"0.999\"", "quantile=\"0.9999\""};

    @Override
    public void write(Exposition out) {
      long count = stat.count();
      long sum = stat.sum();
      if (count > 0) {
        Snapshot snapshot = stat.snapshot();
        out.sample(name, "", labels, "quantile=\"0\"", snapshot.getMin());
        for (int i = 0; i < QUANTILES.length; i++) {
          out.sample(name, "", labels, QUANTILE_LABELS[i],
              Math.round(snapshot.getValue(QUANTILES[i])));
        }
        out.sample(name, "", labels, "quantile=\"1\"", snapshot.getMax());
      }
      out.sample(name, "_sum", labels, null, sum);
      out.sample(name, "_count", labels, null, count);
    }
  }

  /** Linkerd's {@code .avg} of a stat, as the gauge {@code <name>_avg}, once it has samples. */
  record AverageSeries(String name, String labels, Stat stat) implements Series {
    @Override
    public void write(Exposition out) {
      long count = stat.count();
      if (count > 0) {
        out.sample(name, "_avg", labels, null, (double) stat.sum() / count);
      }
    }
  }

  /** Fixed latency buckets as a histogram in seconds: cumulative, ending in +Inf. */
  record HistogramSeries(String name, String labels, LatencyHistogram histogram)
      implements Series {
    private static final String[] LE = leLabels();

    private static String[] leLabels() {
      String[] out = new String[LatencyHistogram.boundsMs().size() + 1];
      for (int i = 0; i < out.length - 1; i++) {
        BigDecimal seconds = BigDecimal.valueOf(LatencyHistogram.boundsMs().get(i), 3);
        out[i] = "le=\"" + seconds.stripTrailingZeros().toPlainString() + "\"";
      }
      out[out.length - 1] = "le=\"+Inf\"";
      return out;
    }

    @Override
    public void write(Exposition out) {
      long[] counts = histogram.cumulativeCounts();
      for (int i = 0; i < counts.length; i++) {
        out.sample(name, "_bucket", labels, LE[i], counts[i]);
      }
      out.sample(name, "_sum", labels, null, histogram.sumNanos() / 1e9);
      out.sample(name, "_count", labels, null, counts[counts.length - 1]);
    }
  }
}
