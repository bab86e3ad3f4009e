package io.hoplink.router.telemetry.prometheus;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import io.hoplink.router.telemetry.StatusCounter;
import io.hoplink.router.telemetry.prometheus.Series.AverageSeries;
import io.hoplink.router.telemetry.prometheus.Series.CounterSeries;
import io.hoplink.router.telemetry.prometheus.Series.GaugeSeries;
import io.hoplink.router.telemetry.prometheus.Series.HistogramSeries;
import io.hoplink.router.telemetry.prometheus.Series.SummarySeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The page's families for one set of metrics, sorted by name, each with its header and its
 * series: names, labels and help worked out once per metric and kept until the tree's set of
 * metrics changes ({@link Metrics#changes()}); a scrape in between only reads values. A name
 * two kinds of metric share is typed {@code untyped}.
 *
 * <p>Besides Linkerd's names, each {@code status/<code>} counter also counts in
 * {@code <scope>_responses_total{..., code="<code>"}} and each latency stat with buckets gives
 * the histogram {@code <scope>_request_duration_seconds} (see {@link LinkerdSeries#beside}).
 */
record PageLayout(long changes, List<Family> families, Set<String> names,
    Map<Metric, List<Placed>> byMetric) {
  static final PageLayout EMPTY = new PageLayout(-1, List.of(), Set.of(), Map.of());

  record Family(String name, String header, List<Series> series) {}

  /** One series of a metric and the family it goes in. */
  record Placed(String family, String type, String help, Series series) {}

  private static final Map<String, String> LINKERD_HELP = Map.of(
      "requests", "Requests that ended",
      "success", "Requests the response classifier called successful",
      "failures", "Requests the response classifier called failed",
      "pending", "Requests in flight",
      "request_latency_ms", "Request latency in milliseconds, quantiles of a recent sample",
      "connections", "Open connections");

  /** The layout of {@code metrics} now, reusing what {@code previous} worked out. */
  static PageLayout of(Metrics metrics, String prefix, PageLayout previous) {
    long changes = metrics.changes(); // before reading: a change during the walk shows next time
    Map<Metric, List<Placed>> byMetric = new IdentityHashMap<>();
    Map<String, String> sharedLabels = new HashMap<>();
    Map<String, List<Placed>> byFamily = new TreeMap<>();
    for (Map.Entry<String, Metric> entry : metrics.snapshot().entrySet()) {
      List<Placed> placed = previous.byMetric().get(entry.getValue());
      if (placed == null) {
        placed = place(prefix, metrics.segments(entry.getKey()), entry.getValue(), sharedLabels);
      }
      byMetric.put(entry.getValue(), placed);
      for (Placed p : placed) {
        byFamily.computeIfAbsent(p.family(), f -> new ArrayList<>()).add(p);
      }
    }
    List<Family> families = new ArrayList<>(byFamily.size());
    for (Map.Entry<String, List<Placed>> entry : byFamily.entrySet()) {
      List<Placed> members = entry.getValue();
      String type = members.get(0).type();
      List<Series> series = new ArrayList<>(members.size());
      for (Placed p : members) {
        type = p.type().equals(type) ? type : "untyped";
        series.add(p.series());
      }
      families.add(new Family(entry.getKey(),
          Exposition.header(entry.getKey(), type, members.get(0).help()), List.copyOf(series)));
    }
    return new PageLayout(changes, List.copyOf(families), Set.copyOf(byFamily.keySet()),
        byMetric);
  }

  private static List<Placed> place(String prefix, List<String> segments, Metric metric,
      Map<String, String> sharedLabels) {
    LinkerdSeries linkerd = LinkerdSeries.of(prefix, segments);
    String name = linkerd.name();
    String labels = sharedLabels.computeIfAbsent(linkerd.labels(), l -> l);
    String path = LinkerdSeries.path(segments);
    String help = help(segments, path);
    int n = segments.size();
    if (metric instanceof StatusCounter status && n >= 2 && segments.get(n - 2).equals("status")) {
      List<String> scope = segments.subList(0, n - 2);
      LinkerdSeries responses = LinkerdSeries.beside(prefix, scope, "responses_total");
      String code = "code=\"" + status.code() + "\"";
      String codeLabels = responses.labels().isEmpty() ? code : responses.labels() + ", " + code;
      return List.of(new Placed(name, "counter", help, new CounterSeries(name, labels, status)),
          new Placed(responses.name(), "counter", "Responses by HTTP status code (metrics.json: "
              + LinkerdSeries.path(scope) + "/status/{code})",
              new CounterSeries(responses.name(), codeLabels, status)));
    } else if (metric instanceof Counter counter) {
      return List.of(new Placed(name, "counter", help, new CounterSeries(name, labels, counter)));
    } else if (metric instanceof Stat stat) {
      List<Placed> out = new ArrayList<>(3);
      out.add(new Placed(name, "summary", help, new SummarySeries(name, labels, stat)));
      out.add(new Placed(name + "_avg", "gauge", "Mean since start (metrics.json: " + path
          + ".avg)", new AverageSeries(name, labels, stat)));
      if (stat.buckets() != null) {
        List<String> scope = segments.subList(0, n - 1);
        LinkerdSeries seconds = LinkerdSeries.beside(prefix, scope, inSeconds(segments.get(n - 1)));
        out.add(new Placed(seconds.name(), "histogram", "Request latency in seconds, in fixed "
            + "buckets (metrics.json: " + path + " in milliseconds)",
            new HistogramSeries(seconds.name(), seconds.labels(), stat.buckets())));
      }
      return List.copyOf(out);
    } else if (metric instanceof Gauge<?> gauge) {
      return List.of(new Placed(name, "gauge", help, new GaugeSeries(name, labels, gauge)));
    }
    return List.of();
  }

  /** {@code request_latency_ms} becomes {@code request_duration_seconds}. */
  private static String inSeconds(String stat) {
    String base = stat.endsWith("_ms") ? stat.substring(0, stat.length() - 3) : stat;
    return (base.endsWith("_latency") ? base.substring(0, base.length() - 8) + "_duration" : base)
        + "_seconds";
  }

  private static String help(List<String> segments, String path) {
    int n = segments.size();
    String what = n >= 2 && segments.get(n - 2).equals("status")
        ? "Responses with this status code or class" : LINKERD_HELP.get(segments.get(n - 1));
    return what == null ? "metrics.json: " + path : what + " (metrics.json: " + path + ")";
  }
}
