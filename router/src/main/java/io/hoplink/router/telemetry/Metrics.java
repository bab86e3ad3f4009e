package io.hoplink.router.telemetry;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A scope in Linkerd's metric tree. Names are the scope's segments joined by {@code /}, such as
 * {@code rt/outgoing/server/127.0.0.1/4140/requests}. Metrics are created once (at start or when
 * discovery changes) and then updated on the request path without lookups.
 *
 * <p>The tree also remembers each metric's segments, because an identifier is one segment even
 * when it holds slashes: scope {@code ("rt", "outgoing", "server", "127.0.0.1/4140")} or
 * {@code ("rt", "outgoing", "service", "/svc/hello")}, never the ip and port as two segments.
 * Exporters such as Prometheus turn those identifier segments into labels.
 */
public final class Metrics {
  private final MetricRegistry registry;
  private final ConcurrentMap<String, List<String>> segmentsByName;
  private final AtomicLong changes;
  private final AtomicReference<Sorted> sorted;
  private final String prefix;
  private final List<String> segments;

  /** The tree's metrics sorted by name, as they were when {@code changes} was read. */
  private record Sorted(long changes, SortedMap<String, Metric> metrics) {}

  private Metrics(MetricRegistry registry, ConcurrentMap<String, List<String>> segmentsByName,
      AtomicLong changes, AtomicReference<Sorted> sorted, String prefix, List<String> segments) {
    this.registry = registry;
    this.segmentsByName = segmentsByName;
    this.changes = changes;
    this.sorted = sorted;
    this.prefix = prefix;
    this.segments = segments;
  }

  /** A new, empty tree. */
  public static Metrics newTree() {
    MetricRegistry registry = new MetricRegistry();
    AtomicLong changes = new AtomicLong();
    // The tree makes only counters and gauges (a Stat is a gauge); told after the map has it.
    registry.addListener(new MetricRegistryListener.Base() {
      @Override
      public void onGaugeAdded(String name, Gauge<?> gauge) {
        changes.incrementAndGet();
      }

      @Override
      public void onGaugeRemoved(String name) {
        changes.incrementAndGet();
      }

      @Override
      public void onCounterAdded(String name, Counter counter) {
        changes.incrementAndGet();
      }

      @Override
      public void onCounterRemoved(String name) {
        changes.incrementAndGet();
      }
    });
    return new Metrics(registry, new ConcurrentHashMap<>(), changes, new AtomicReference<>(), "",
        List.of());
  }

  /** The scope below this one; segments may hold {@code /} (a service path keeps its slashes). */
  public Metrics scope(String... segments) {
    StringBuilder out = new StringBuilder(prefix);
    List<String> all = new ArrayList<>(this.segments);
    for (String segment : segments) {
      requireNonNull(segment, "segment");
      String clean = segment.startsWith("/") ? segment.substring(1) : segment;
      if (!clean.isEmpty()) {
        out.append(clean).append('/');
        all.add(clean);
      }
    }
    return new Metrics(registry, segmentsByName, changes, sorted, out.toString(),
        List.copyOf(all));
  }

  /** This scope's name, ending in {@code /} unless it is the root. */
  public String prefix() {
    return prefix;
  }

  /** A counter; a name with slashes ({@code status/200}) adds one segment per part. */
  public Counter counter(String name) {
    return registry.counter(remember(name));
  }

  public Stat stat(String name) {
    return (Stat) registry.gauge(remember(name), Stat::new);
  }

  /** A stat of durations that also keeps {@link LatencyHistogram}'s fixed buckets. */
  public Stat latencyStat(String name) {
    return (Stat) registry.gauge(remember(name), Stat::withBuckets);
  }

  /**
   * Linkerd's {@code status/<code>} counter; a {@link StatusCounter} unless a plain counter of
   * that name was made first.
   */
  public Counter statusCounter(int code) {
    return registry.counter(remember("status/" + code), () -> new StatusCounter(code));
  }

  /**
   * A gauge read when metrics are exported; registering a name again points it at the new
   * {@code value} (a client or server rebuilt by a config reload reports its own state, not its
   * predecessor's). The metric itself stays, so exporters that keep it see the new value.
   */
  public void gauge(String name, Supplier<Number> value) {
    String full = remember(name);
    ((Reading) registry.gauge(full, Reading::new)).from = value;
  }

  /** A gauge whose source can be replaced. */
  private static final class Reading implements Gauge<Number> {
    private volatile Supplier<Number> from = () -> 0;

    @Override
    public Number getValue() {
      return from.get();
    }
  }

  /** Removes every metric in this scope, for a client or service that is gone. */
  public void removeAll() {
    registry.removeMatching((name, metric) -> name.startsWith(prefix));
    segmentsByName.keySet().removeIf(name -> name.startsWith(prefix));
  }

  /**
   * The segments of the metric with this full name, as the scopes that created it gave them;
   * a name this tree did not create is split at every {@code /}.
   */
  public List<String> segments(String fullName) {
    List<String> known = segmentsByName.get(fullName);
    return known != null ? known : List.of(fullName.split("/", -1));
  }

  private String remember(String name) {
    String full = prefix + name;
    segmentsByName.computeIfAbsent(full, k -> {
      List<String> all = new ArrayList<>(segments);
      all.addAll(Arrays.asList(name.split("/", -1)));
      return List.copyOf(all);
    });
    return full;
  }

  /**
   * How many times a metric was added to or removed from the tree: a reader that sees the same
   * number twice saw the same set of metrics (their values may differ).
   */
  public long changes() {
    return changes.get();
  }

  /**
   * Every metric of the tree, sorted by name, read-only. Sorting tens of thousands of names is
   * most of a metrics.json render, so the sorted map is kept and made again only after a metric
   * was added or removed ({@link #changes()}).
   */
  public SortedMap<String, Metric> snapshot() {
    long now = changes.get(); // before reading: a change during the copy shows next time
    Sorted last = sorted.get();
    if (last != null && last.changes() == now) {
      return last.metrics();
    }
    SortedMap<String, Metric> out = new TreeMap<>(registry.getMetrics());
    SortedMap<String, Metric> view = Collections.unmodifiableSortedMap(out);
    sorted.set(new Sorted(now, view));
    return view;
  }

  @Override
  public String toString() {
    return "Metrics" + Arrays.asList(prefix);
  }
}
