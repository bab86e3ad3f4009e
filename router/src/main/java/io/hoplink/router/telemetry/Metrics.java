package io.hoplink.router.telemetry;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * A scope in Linkerd's metric tree. Names are the scope's segments joined by {@code /}, such as
 * {@code rt/outgoing/server/127.0.0.1/4140/requests}. Metrics are created once (at start or when
 * discovery changes) and then updated on the request path without lookups.
 */
public final class Metrics {
  private final MetricRegistry registry;
  private final String prefix;

  private Metrics(MetricRegistry registry, String prefix) {
    this.registry = registry;
    this.prefix = prefix;
  }

  /** A new, empty tree. */
  public static Metrics newTree() {
    return new Metrics(new MetricRegistry(), "");
  }

  /** The scope below this one; segments may hold {@code /} (a service path keeps its slashes). */
  public Metrics scope(String... segments) {
    StringBuilder out = new StringBuilder(prefix);
    for (String segment : segments) {
      requireNonNull(segment, "segment");
      String clean = segment.startsWith("/") ? segment.substring(1) : segment;
      if (!clean.isEmpty()) {
        out.append(clean).append('/');
      }
    }
    return new Metrics(registry, out.toString());
  }

  /** This scope's name, ending in {@code /} unless it is the root. */
  public String prefix() {
    return prefix;
  }

  public Counter counter(String name) {
    return registry.counter(prefix + name);
  }

  public Stat stat(String name) {
    return (Stat) registry.gauge(prefix + name, Stat::new);
  }

  /** A gauge read when metrics are exported; registering a name twice keeps the first. */
  public void gauge(String name, Supplier<Number> value) {
    String full = prefix + name;
    Gauge<Number> gauge = value::get;
    registry.gauge(full, () -> gauge);
  }

  /** Removes every metric in this scope, for a client or service that is gone. */
  public void removeAll() {
    registry.removeMatching((name, metric) -> name.startsWith(prefix));
  }

  /** Every metric, sorted by name. */
  public SortedMap<String, Metric> snapshot() {
    SortedMap<String, Metric> out = new java.util.TreeMap<>();
    for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  @Override
  public String toString() {
    return "Metrics" + Arrays.asList(prefix);
  }
}
