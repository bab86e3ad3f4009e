package io.hoplink.router.telemetry.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.ProcessGauges;
import io.hoplink.router.telemetry.RequestStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String SERVER = "rt=\"outgoing\", server=\"127.0.0.1/4140\"";
  private static final Map<String, Set<String>> SUFFIXES = Map.of(
      "summary", Set.of("", "_sum", "_count"),
      "histogram", Set.of("_bucket", "_sum", "_count"));

  private final Metrics root = Metrics.newTree();
  private final Metrics rt = root.scope("rt", "outgoing");

  private static List<String> render(PrometheusText text) {
    StringBuilder out = new StringBuilder();
    text.render(out);
    return out.toString().lines().toList();
  }

  private List<String> render(String prefix) {
    return render(new PrometheusText(root, prefix));
  }

  private static void requests(RequestStats stats, int status, double... latenciesMs) {
    for (double ms : latenciesMs) {
      stats.started();
      stats.ended(status, Math.round(ms * 1_000_000));
    }
  }

  private static double value(List<String> lines, String series) {
    List<String> found = lines.stream().filter(l -> l.startsWith(series + " ")).toList();
    assertEquals(1, found.size(), series + " in\n" + String.join("\n", lines));
    return Double.parseDouble(found.get(0).substring(series.length() + 1));
  }

  @Test
  void everyFamilyHasOneHelpAndOneTypeLineAndItsSamplesTogether() {
    ProcessGauges.register(root);
    RequestStats server = new RequestStats(rt.scope("server", "127.0.0.1/4140"));
    requests(server, 200, 3, 4);
    requests(server, 502, 1);
    requests(new RequestStats(rt.scope("service", "/svc/a")), 500, 30);
    requests(new RequestStats(rt.scope("client", "$/inet/127.0.0.1/80")), 200, 2);
    root.scope("jvm").gauge("broken", () -> {
      throw new IllegalStateException("unreadable");
    });
    List<String> lines = render("");
    Set<String> families = new HashSet<>();
    String family = null;
    String type = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("# HELP ")) {
        String name = line.split(" ")[2];
        assertTrue(families.add(name), "two families named " + name);
        assertTrue(line.length() > ("# HELP " + name + " ").length(), "empty help: " + line);
        String[] next = lines.get(i + 1).split(" ");
        assertEquals(List.of("#", "TYPE", name), List.of(next).subList(0, 3), line);
        family = name;
        type = next[3];
        i++;
        assertFalse(lines.get(i + 1).startsWith("#"), "a family without samples: " + name);
      } else {
        assertFalse(line.startsWith("#"), "a comment outside a header: " + line);
        String name = line.split("[{ ]")[0];
        Set<String> allowed = SUFFIXES.getOrDefault(type, Set.of(""));
        String current = family;
        assertTrue(allowed.stream().anyMatch(s -> name.equals(current + s)),
            line + " outside its family " + family);
      }
    }
    assertTrue(families.containsAll(List.of("rt:server:requests", "rt_server_responses_total",
        "rt_service_request_duration_seconds", "rt_client_responses_total",
        "process_cpu_seconds_total", "jvm_memory_used_bytes")), families.toString());
    assertFalse(families.contains("jvm:broken"), "a gauge that cannot be read has no family");
  }

  @Test
  void latencyBucketsAreCumulativeInSecondsAndEndInInfWithTheCount() {
    RequestStats server = new RequestStats(rt.scope("server", "127.0.0.1/4140"));
    requests(server, 200, 0.5, 1, 1.5, 3, 40, 20_000);
    List<String> lines = render("");
    String name = "rt_server_request_duration_seconds";
    List<String> le = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith(name + "_bucket{")) {
        assertTrue(line.startsWith(name + "_bucket{" + SERVER + ", le=\""), line);
        le.add(line.substring(line.indexOf("le=\"") + 4, line.indexOf("\"}")));
        counts.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    assertEquals(List.of("0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
        "0.5", "1", "2.5", "5", "10", "+Inf"), le);
    assertEquals(List.of(2L, 3L, 4L, 4L, 4L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 6L), counts,
        "cumulative, bounds inclusive");
    assertEquals(6, value(lines, name + "_count{" + SERVER + "}"), "count is the +Inf bucket");
    assertEquals(20.046, value(lines, name + "_sum{" + SERVER + "}"), 1e-9);
    assertTrue(lines.contains("# TYPE " + name + " histogram"));
    assertTrue(lines.contains("rt:server:request_latency_ms_count{" + SERVER + "} 6"),
        "Linkerd's summary stays");
  }

  @Test
  void statusCodesAreALabelBesideLinkerdsNames() {
    RequestStats server = new RequestStats(rt.scope("server", "127.0.0.1/4140"));
    requests(server, 200, 1, 1, 1);
    requests(server, 500, 1);
    requests(server, 502, 1, 1);
    requests(server, -1, 1); // a reset: no status, so no code
    List<String> lines = render("");
    String name = "rt_server_responses_total";
    assertEquals(List.of(name + "{" + SERVER + ", code=\"200\"} 3",
        name + "{" + SERVER + ", code=\"500\"} 1",
        name + "{" + SERVER + ", code=\"502\"} 2"),
        lines.stream().filter(l -> l.startsWith(name + "{")).toList());
    for (String kept : List.of("rt:server:status:200{" + SERVER + "} 3",
        "rt:server:status:5XX{" + SERVER + "} 3", "rt:server:requests{" + SERVER + "} 7")) {
      assertTrue(lines.contains(kept), kept);
    }
  }

  @Test
  void thePrefixNamesRouterFamiliesButNotTheProcessOnes() {
    requests(new RequestStats(rt.scope("server", "127.0.0.1/4140")), 200, 1);
    List<String> lines = render("l5d_");
    for (String family : List.of("l5d_rt:server:requests", "l5d_rt_server_responses_total",
        "l5d_rt_server_request_duration_seconds", "process_cpu_seconds_total",
        "jvm_threads_current")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("# TYPE " + family + " ")), family);
    }
  }

  @Test
  void processAndJvmFamiliesHavePrometheusNamesAndUnits() {
    List<String> lines = render("");
    assertTrue(value(lines, "process_cpu_seconds_total") > 0);
    double start = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    assertEquals(start, value(lines, "process_start_time_seconds"), 0.001);
    assertTrue(value(lines, "process_open_fds") > 0);
    assertTrue(value(lines, "process_max_fds") >= value(lines, "process_open_fds"));
    assertTrue(value(lines, "process_resident_memory_bytes") > 1 << 20, "Linux only");
    assertTrue(value(lines, "jvm_memory_used_bytes{area=\"heap\"}") > 0);
    assertTrue(value(lines, "jvm_threads_current") > 0);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_gc_collection_seconds_count{gc=")));
    assertTrue(lines.contains("# TYPE jvm_gc_collection_seconds summary"));
  }

  @Test
  void aScrapeSeesMetricsAddedAndRemovedSinceTheLastOne() {
    PrometheusText text = new PrometheusText(root, "");
    render(text);
    Metrics client = rt.scope("client", "$/inet/10.0.0.1/80");
    requests(new RequestStats(client), 200, 1);
    String series = "rt_client_responses_total{rt=\"outgoing\", client=\"$/inet/10.0.0.1/80\", "
        + "code=\"200\"}";
    assertEquals(1, value(render(text), series));
    client.removeAll();
    assertFalse(render(text).stream().anyMatch(l -> l.contains("10.0.0.1")));
    requests(new RequestStats(client), 200, 1, 1);
    assertEquals(2, value(render(text), series), "a new counter under the old name");
  }

  @Test
  void aTreeMetricKeepsItsNameWhenAProcessFamilyWantsIt() {
    root.gauge("process_open_fds", () -> 7);
    List<String> lines = render("");
    assertEquals(1, lines.stream().filter(l -> l.startsWith("# TYPE process_open_fds ")).count());
    assertEquals(7, value(lines, "process_open_fds"));
  }

  @Test
  void latenciesAreRecordedInExactNanoseconds() {
    RequestStats server = new RequestStats(rt.scope("server", "127.0.0.1/4140"));
    server.started();
    server.ended(200, TimeUnit.MICROSECONDS.toNanos(1900));
    List<String> lines = render("");
    String bucket = "rt_server_request_duration_seconds_bucket{" + SERVER + ", le=";
    assertEquals(0, value(lines, bucket + "\"0.001\"}"), "1.9 ms is not within 1 ms");
    assertEquals(1, value(lines, bucket + "\"0.002\"}"));
    assertTrue(lines.contains("rt:server:request_latency_ms_sum{" + SERVER + "} 1"),
        "Linkerd's whole milliseconds stay");
  }
}
