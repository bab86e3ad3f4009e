package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsEndpointsTest {
  private static final String SERVER = "rt/outgoing/server/127.0.0.1/4140/";
  private static AdminFixture admin;

  @BeforeAll
  static void start() throws Exception {
    FakeAdminState state = new FakeAdminState();
    Metrics rt = state.metrics.scope("rt", "outgoing");
    Metrics server = rt.scope("server", "127.0.0.1/4140");
    server.counter("requests").inc(7);
    server.counter("status/200").inc(2);
    server.gauge("pending", () -> 4);
    server.gauge("broken", () -> Double.NaN);
    for (long ms : new long[] {10, 20, 30}) {
      server.stat("request_latency_ms").add(ms);
    }
    server.stat("idle_ms");
    Metrics service = rt.scope("service", "/svc/hello");
    service.counter("success").inc(3);
    service.counter("failures").inc(2);
    service.counter("failures/com.example.Timeout").inc(1);
    rt.scope("client", "$/inet/127.0.0.1/8888").counter("requests").inc(5);
    rt.scope("client", "#/io.l5d.fs/hello", "service", "/svc/hello").counter("requests").inc(1);
    state.metrics.scope("jvm").gauge("heap.used-bytes", () -> 2.5);
    admin = new AdminFixture(state);
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
  }

  private static JsonObject json(String path) throws Exception {
    HttpResponse<String> response = admin.get(path);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(Replies.JSON, response.headers().firstValue("content-type").orElse(""));
    return new JsonObject(response.body());
  }

  @Test
  void metricsJsonHasExactCounterAndGaugeValuesUnderLinkerdNames() throws Exception {
    JsonObject metrics = json("/admin/metrics.json");
    assertEquals(7L, metrics.getLong(SERVER + "requests"));
    assertEquals(2L, metrics.getLong(SERVER + "status/200"));
    assertEquals(4L, metrics.getLong(SERVER + "pending"));
    assertTrue(metrics.containsKey(SERVER + "broken"));
    assertNull(metrics.getValue(SERVER + "broken"));
    assertEquals(3L, metrics.getLong("rt/outgoing/service/svc/hello/success"));
    assertEquals(5L, metrics.getLong("rt/outgoing/client/$/inet/127.0.0.1/8888/requests"));
    assertEquals(2.5, metrics.getDouble("jvm/heap.used-bytes"));
  }

  @Test
  void statsFlattenToCountSumAvgAndQuantiles() throws Exception {
    JsonObject metrics = json("/admin/metrics.json");
    String stat = SERVER + "request_latency_ms";
    assertEquals(3L, metrics.getLong(stat + ".count"));
    assertEquals(60L, metrics.getLong(stat + ".sum"));
    assertEquals(20.0, metrics.getDouble(stat + ".avg"));
    assertEquals(10L, metrics.getLong(stat + ".min"));
    assertEquals(30L, metrics.getLong(stat + ".max"));
    assertEquals(20L, metrics.getLong(stat + ".p50"));
    for (String q : List.of(".p90", ".p95", ".p99", ".p9990", ".p9999")) {
      assertEquals(30L, metrics.getLong(stat + q), q);
    }
    assertEquals(0L, metrics.getLong(SERVER + "idle_ms.count"));
    assertFalse(metrics.containsKey(SERVER + "idle_ms.p50"), "an empty stat has only .count");
  }

  @Test
  void qKeepsNamesContainingIt() throws Exception {
    Set<String> names = json("/admin/metrics.json?q=service").fieldNames();
    assertEquals(Set.of("rt/outgoing/service/svc/hello/success",
        "rt/outgoing/service/svc/hello/failures",
        "rt/outgoing/service/svc/hello/failures/com.example.Timeout",
        "rt/outgoing/client/#/io.l5d.fs/hello/service/svc/hello/requests"), names);
  }

  @Test
  void prettyIndentsTheSameDocument() throws Exception {
    String pretty = admin.get("/admin/metrics.json?pretty=1").body();
    assertTrue(pretty.startsWith("{\n  \""), pretty);
    assertEquals(json("/admin/metrics.json"), new JsonObject(pretty));
  }

  @Test
  void treeNestsBySlashSegments() throws Exception {
    JsonObject tree = json("/admin/metrics.json?tree=1&q=outgoing/server");
    JsonObject server = tree.getJsonObject("rt").getJsonObject("outgoing")
        .getJsonObject("server").getJsonObject("127.0.0.1").getJsonObject("4140");
    assertEquals(7L, server.getJsonObject("requests").getLong("counter"));
    assertEquals(2L, server.getJsonObject("status").getJsonObject("200").getLong("counter"));
    assertEquals(4L, server.getJsonObject("pending").getLong("gauge"));
    assertEquals(3L, server.getJsonObject("request_latency_ms").getLong("stat.count"));
    assertEquals(60L, server.getJsonObject("request_latency_ms").getLong("stat.sum"));
    assertEquals(Set.of("rt"), tree.fieldNames());
    assertEquals(Set.of("server"), tree.getJsonObject("rt").getJsonObject("outgoing").fieldNames());
  }

  @Test
  void prometheusLabelsServerServiceAndClientAsLinkerdDoes() throws Exception {
    HttpResponse<String> response = admin.get("/admin/metrics/prometheus");
    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("content-type").orElse(""));
    List<String> lines = response.body().lines().toList();
    String server = "rt=\"outgoing\", server=\"127.0.0.1/4140\"";
    String service = "rt=\"outgoing\", service=\"svc/hello\"";
    for (String line : List.of(
        "# TYPE rt:server:requests counter",
        "rt:server:requests{" + server + "} 7",
        "rt:server:status:200{" + server + "} 2",
        "# TYPE rt:server:pending gauge",
        "rt:server:pending{" + server + "} 4",
        "rt:server:broken{" + server + "} NaN",
        "rt:service:success{" + service + "} 3",
        "rt:service:failures{" + service + "} 2",
        "rt:service:failures{" + service + ", exception=\"com.example.Timeout\"} 1",
        "rt:client:requests{rt=\"outgoing\", client=\"$/inet/127.0.0.1/8888\"} 5",
        "rt:client:service:requests{rt=\"outgoing\", client=\"#/io.l5d.fs/hello\","
            + " service=\"svc/hello\"} 1",
        "jvm:heap_used_bytes 2.5")) {
      assertTrue(lines.contains(line), line + " missing from\n" + response.body());
    }
  }

  @Test
  void prometheusWritesStatsAsSummaries() throws Exception {
    List<String> lines = admin.get("/admin/metrics/prometheus").body().lines().toList();
    String labels = "rt=\"outgoing\", server=\"127.0.0.1/4140\"";
    String name = "rt:server:request_latency_ms";
    int type = lines.indexOf("# TYPE " + name + " summary");
    assertTrue(type >= 0, String.join("\n", lines));
    assertEquals(List.of(
        name + "{" + labels + ", quantile=\"0\"} 10",
        name + "{" + labels + ", quantile=\"0.5\"} 20",
        name + "{" + labels + ", quantile=\"0.9\"} 30",
        name + "{" + labels + ", quantile=\"0.95\"} 30",
        name + "{" + labels + ", quantile=\"0.99\"} 30",
        name + "{" + labels + ", quantile=\"0.999\"} 30",
        name + "{" + labels + ", quantile=\"0.9999\"} 30",
        name + "{" + labels + ", quantile=\"1\"} 30",
        name + "_sum{" + labels + "} 60",
        name + "_count{" + labels + "} 3"), lines.subList(type + 1, type + 11));
    assertTrue(lines.contains(name + "_avg{" + labels + "} 20.0"));
    assertTrue(lines.contains("rt:server:idle_ms_count{" + labels + "} 0"));
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("rt:server:idle_ms{")));
  }

  @Test
  void prometheusGroupsEachNameUnderOneTypeLine() throws Exception {
    List<String> lines = admin.get("/admin/metrics/prometheus").body().lines().toList();
    List<String> types = lines.stream().filter(l -> l.startsWith("# TYPE ")).toList();
    assertEquals(types.size(), Set.copyOf(types).size(), "a name is typed twice");
    String current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("# HELP ")) {
        // every family has its help text right before its type
        assertTrue(lines.get(i + 1).startsWith("# TYPE " + line.split(" ")[2] + " "), line);
      } else if (line.startsWith("# TYPE ")) {
        current = line.split(" ")[2];
        assertTrue(lines.get(i - 1).startsWith("# HELP " + current + " "), line);
      } else {
        String name = line.split("[{ ]")[0];
        assertTrue(name.equals(current) || name.equals(current + "_sum")
            || name.equals(current + "_count") || name.equals(current + "_bucket"),
            line + " outside its group " + current);
      }
    }
  }

  @Test
  void thousandsOfMetricsAreExportedCompletely() throws Exception {
    FakeAdminState state = new FakeAdminState();
    for (int i = 0; i < 2000; i++) {
      Metrics service = state.metrics.scope("rt", "outgoing", "service", "/svc/s" + i);
      service.counter("requests").inc(i);
      service.stat("request_latency_ms").add(i);
    }
    try (AdminFixture many = new AdminFixture(state)) {
      JsonObject json = new JsonObject(many.get("/admin/metrics.json").body());
      assertEquals(2000 * 12, json.size());
      assertEquals(1999L, json.getLong("rt/outgoing/service/svc/s1999/requests"));
      List<String> lines = many.get("/admin/metrics/prometheus").body().lines()
          .filter(l -> l.contains("rt:service:")).toList();
      // per service: 1 counter, 8 quantiles, _sum, _count, _avg; plus 3 # HELP and # TYPE
      // pairs (the process and JVM families follow, without "rt:service:")
      assertEquals(2000 * 12 + 3 * 2, lines.size());
      assertTrue(lines.contains("rt:service:requests{rt=\"outgoing\", service=\"svc/s7\"} 7"));
    }
  }
}
