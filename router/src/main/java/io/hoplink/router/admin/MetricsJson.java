package io.hoplink.router.admin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Snapshot;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /admin/metrics.json} as Linkerd writes it: flat names joined by {@code /}, counters
 * and gauges as numbers, a stat as {@code name.count} and, once it has samples, {@code .max .min
 * .p50 .p90 .p95 .p99 .p9990 .p9999 .sum .avg}. With {@code tree=1} names nest by segment and a
 * node's own metric sits under {@code counter}, {@code gauge} or {@code stat.*}; the nesting of
 * the whole tree is kept until a metric is added or removed, so a render only reads values.
 */
final class MetricsJson {
  private final Metrics metrics;
  private volatile Nesting kept = new Nesting(-1, new Node());

  MetricsJson(Metrics metrics) {
    this.metrics = metrics;
  }

  /** Receives the numbers of one metric. */
  private interface Fields {
    void field(String name, Number value);
  }

  /** A node of the nested document: its own metric, if any, and its children by segment. */
  private static final class Node {
    Metric own;
    final TreeMap<String, Node> children = new TreeMap<>();
  }

  private record Nesting(long changes, Node root) {}

  /** The flat document; {@code q}, when not null, keeps the names that contain it. */
  void flat(String q, boolean pretty, StringBuilder out) {
    out.append('{');
    boolean[] first = {true};
    Fields writer = (name, value) -> {
      JsonText.separator(first[0], 1, pretty, out);
      first[0] = false;
      JsonText.string(name, out);
      out.append(pretty ? ": " : ":");
      JsonText.number(value, out);
    };
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (q == null || e.getKey().contains(q)) {
        fields(e.getKey(), e.getValue(), writer);
      }
    }
    out.append(pretty && !first[0] ? "\n}\n" : "}");
  }

  /** The nested document, of the names that contain {@code q} when it is not null. */
  void tree(String q, boolean pretty, StringBuilder out) {
    Node root;
    if (q != null) {
      root = nest(q);
    } else {
      long changes = metrics.changes(); // before reading: a change meanwhile shows next time
      Nesting last = kept;
      if (last.changes() != changes) {
        last = new Nesting(changes, nest(null));
        kept = last;
      }
      root = last.root();
    }
    write(root, 0, pretty, out);
    if (pretty) {
      out.append('\n');
    }
  }

  private Node nest(String q) {
    Node root = new Node();
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (q == null || e.getKey().contains(q)) {
        Node node = root;
        for (String segment : e.getKey().split("/")) {
          node = node.children.computeIfAbsent(segment, s -> new Node());
        }
        node.own = e.getValue();
      }
    }
    return root;
  }

  /**
   * One node as an object: its own fields and its children in name order. A child named as one
   * of the fields is left out (the field was there first: a name sorts before its children's).
   */
  private static void write(Node node, int depth, boolean pretty, StringBuilder out) {
    List<Map.Entry<String, Number>> own = new ArrayList<>(node.own instanceof Stat ? 11 : 1);
    if (node.own != null) {
      fields(kindOf(node.own), node.own, (name, value) -> own.add(Map.entry(name, value)));
      own.sort(Map.Entry.comparingByKey());
    }
    out.append('{');
    Iterator<Map.Entry<String, Node>> children = node.children.entrySet().iterator();
    Map.Entry<String, Node> child = children.hasNext() ? children.next() : null;
    int field = 0;
    boolean first = true;
    while (field < own.size() || child != null) {
      int order = field == own.size() ? 1
          : child == null ? -1 : own.get(field).getKey().compareTo(child.getKey());
      JsonText.separator(first, depth + 1, pretty, out);
      first = false;
      JsonText.string(order <= 0 ? own.get(field).getKey() : child.getKey(), out);
      out.append(pretty ? ": " : ":");
      if (order <= 0) {
        JsonText.number(own.get(field++).getValue(), out);
      } else {
        write(child.getValue(), depth + 1, pretty, out);
      }
      if (order >= 0) {
        child = children.hasNext() ? children.next() : null;
      }
    }
    JsonText.close(first, depth, pretty, '}', out);
  }

  private static String kindOf(Metric metric) {
    return metric instanceof Counter ? "counter" : metric instanceof Stat ? "stat" : "gauge";
  }

  private static void fields(String name, Metric metric, Fields out) {
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
