package io.hoplink.router.telemetry.prometheus;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Snapshot;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the metric tree in Prometheus' text format (version 0.0.4) in one pass. Samples of one
 * metric name are grouped under one {@code # TYPE} line, as the format asks. A stat is a summary
 * (quantiles 0, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999 and 1, then {@code _sum} and
 * {@code _count}) plus Linkerd's {@code _avg} as its own gauge; a stat with no samples yet has
 * only {@code _sum} and {@code _count}.
 */
final class PrometheusText {
  private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999, 0.9999};
  private static final String[] QUANTILE_LABELS = {"0.5", "0.9", "0.95", "0.99", "0.999", "0.9999"};

  private PrometheusText() {}

  /** One metric name's samples and its type. */
  private static final class Family {
    String type;
    final StringBuilder lines = new StringBuilder(64);

    Family(String type) {
      this.type = type;
    }
  }

  static void render(Metrics metrics, String prefix, StringBuilder out) {
    Map<String, Family> families = new TreeMap<>();
    for (Map.Entry<String, Metric> entry : metrics.snapshot().entrySet()) {
      Metric metric = entry.getValue();
      LinkerdSeries series = LinkerdSeries.of(prefix, metrics.segments(entry.getKey()));
      if (metric instanceof Counter counter) {
        sample(family(families, series.name(), "counter").lines, series, "", null,
            Long.toString(counter.getCount()));
      } else if (metric instanceof Stat stat) {
        summary(families, series, stat);
      } else if (metric instanceof Gauge<?> gauge) {
        String value = gaugeValue(gauge);
        if (value != null) {
          sample(family(families, series.name(), "gauge").lines, series, "", null, value);
        }
      }
    }
    for (Map.Entry<String, Family> entry : families.entrySet()) {
      out.append("# TYPE ").append(entry.getKey()).append(' ').append(entry.getValue().type)
          .append('\n').append(entry.getValue().lines);
    }
  }

  private static void summary(Map<String, Family> families, LinkerdSeries series, Stat stat) {
    long count = stat.count();
    long sum = stat.sum();
    StringBuilder lines = family(families, series.name(), "summary").lines;
    if (count > 0) {
      Snapshot snapshot = stat.snapshot();
      sample(lines, series, "", "0", Long.toString(snapshot.getMin()));
      for (int i = 0; i < QUANTILES.length; i++) {
        sample(lines, series, "", QUANTILE_LABELS[i], whole(snapshot.getValue(QUANTILES[i])));
      }
      sample(lines, series, "", "1", Long.toString(snapshot.getMax()));
    }
    sample(lines, series, "_sum", null, Long.toString(sum));
    sample(lines, series, "_count", null, Long.toString(count));
    if (count > 0) {
      sample(family(families, series.name() + "_avg", "gauge").lines, series, "_avg", null,
          number((double) sum / count));
    }
  }

  private static Family family(Map<String, Family> families, String name, String type) {
    Family family = families.computeIfAbsent(name, n -> new Family(type));
    if (!family.type.equals(type)) {
      family.type = "untyped";
    }
    return family;
  }

  private static void sample(StringBuilder out, LinkerdSeries series, String suffix,
      String quantile, String value) {
    out.append(series.name()).append(suffix);
    boolean labels = !series.labels().isEmpty();
    if (labels || quantile != null) {
      out.append('{').append(series.labels());
      if (quantile != null) {
        out.append(labels ? ", " : "").append("quantile=\"").append(quantile).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  private static String gaugeValue(Gauge<?> gauge) {
    Object value;
    try {
      value = gauge.getValue();
    } catch (RuntimeException e) {
      return null; // one broken gauge must not break the scrape
    }
    if (value instanceof Double || value instanceof Float) {
      return number(((Number) value).doubleValue());
    }
    return value instanceof Number number ? number.toString() : null;
  }

  private static String whole(double value) {
    return Long.toString(Math.round(value));
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }
}
