package io.hoplink.router.admin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Snapshot;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code /admin/metrics.json} as Linkerd writes it: flat names joined by {@code /}, counters
 * and gauges as numbers, a stat as {@code name.count} and, once it has samples, {@code .max .min
 * .p50 .p90 .p95 .p99 .p9990 .p9999 .sum .avg}. With {@code tree=1} names nest by segment and a
 * node's own metric sits under {@code counter}, {@code gauge} or {@code stat.*}.
 */
final class MetricsJson {
  private MetricsJson() {}

  /** Receives the numbers of one metric. */
  interface Fields {
    void field(String name, Number value);
  }

  /** The flat document; {@code q}, when not null, keeps the names that contain it. */
  static void flat(Metrics metrics, String q, boolean pretty, StringBuilder out) {
    flat(metrics, q, pretty, out, text -> {});
  }

  /** The flat document, handing {@code part} the text so far after each metric. */
  static void flat(Metrics metrics, String q, boolean pretty, StringBuilder out,
      Consumer<StringBuilder> part) {
    out.append('{');
    boolean[] first = {true};
    Fields writer = (name, value) -> {
      out.append(first[0] ? "" : ",").append(pretty ? "\n  " : "");
      first[0] = false;
      JsonText.string(name, out);
      out.append(pretty ? ": " : ":");
      JsonText.number(value, out);
    };
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (q == null || e.getKey().contains(q)) {
        fields(e.getKey(), e.getValue(), writer);
        part.accept(out);
      }
    }
    out.append(pretty && !first[0] ? "\n}\n" : "}");
  }

  /** The nested document, written as {@link MetricsTree} says. */
  static void tree(Metrics metrics, String q, boolean pretty, StringBuilder out) {
    tree(metrics, q, pretty, out, text -> {});
  }

  /** The nested document, handing {@code part} the text so far after each metric. */
  static void tree(Metrics metrics, String q, boolean pretty, StringBuilder out,
      Consumer<StringBuilder> part) {
    List<Map.Entry<String, Metric>> kept = new ArrayList<>();
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (q == null || e.getKey().contains(q)) {
        kept.add(e);
      }
    }
    MetricsTree.write(kept, pretty, out, part);
  }

  static String kindOf(Metric metric) {
    return metric instanceof Counter ? "counter" : metric instanceof Stat ? "stat" : "gauge";
  }

  static void fields(String name, Metric metric, Fields out) {
    if (metric instanceof Counter counter) {
      out.field(name, counter.getCount());
    } else if (metric instanceof Stat stat) {
      statFields(name, stat, out);
    } else if (metric instanceof Gauge<?> gauge) {
      Object value;
      try {
        value = gauge.getValue();
      } catch (RuntimeException ex) {
        return; // one broken gauge must not break the page
      }
      if (value instanceof Number number) {
        out.field(name, number);
      }
    }
  }

  private static void statFields(String name, Stat stat, Fields out) {
    long count = stat.count();
    out.field(name + ".count", count);
    if (count == 0) {
      return;
    }
    Snapshot s = stat.snapshot();
    long sum = stat.sum();
    out.field(name + ".max", s.getMax());
    out.field(name + ".min", s.getMin());
    out.field(name + ".p50", Math.round(s.getValue(0.5)));
    out.field(name + ".p90", Math.round(s.getValue(0.9)));
    out.field(name + ".p95", Math.round(s.getValue(0.95)));
    out.field(name + ".p99", Math.round(s.getValue(0.99)));
    out.field(name + ".p9990", Math.round(s.getValue(0.999)));
    out.field(name + ".p9999", Math.round(s.getValue(0.9999)));
    out.field(name + ".sum", sum);
    out.field(name + ".avg", (double) sum / count);
  }
}
