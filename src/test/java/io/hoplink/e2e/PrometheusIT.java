package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged router's {@code io.l5d.prometheus} page as Prometheus sees it: Debian's
 * {@code promtool} checks the page, and Debian's {@code prometheus} scrapes it every second
 * while traffic runs (three 200s, one 500 from the backend and one 502 from the router, over and
 * over), then answers the queries the README shows. Never skipped: CI installs the package.
 */
class PrometheusIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  /** Each round of traffic: service name and the status the client gets. */
  private static final List<String> ROUND = List.of("ok", "ok", "ok", "bad", "gone");
  private static final double SUCCESS_RATIO = 3.0 / 5;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final HttpClient API = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;
  private static final Vertx vertx = Vertx.vertx();
  private static final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private static final AtomicLong trafficErrors = new AtomicLong();
  private static ControlledBackend ok;
  private static ControlledBackend bad;
  private static HoplinkProcess router;
  private static ScheduledExecutorService traffic;
  private static LoggedProcess prometheus;
  private static int prometheusPort;

  @BeforeAll
  static void start() throws Exception {
    for (Path tool : List.of(PROMETHEUS, PROMTOOL)) {
      if (!Files.isExecutable(tool)) {
        fail(tool + " is missing: apt-get install prometheus (.ci/run installs it)");
      }
    }
    ok = new ControlledBackend(vertx, "ok");
    bad = new ControlledBackend(vertx, "bad");
    bad.status = 500;
    Path disco = Files.createDirectories(dir.resolve("disco"));
    Files.writeString(disco.resolve("ok"), "127.0.0.1 " + ok.port() + "\n");
    Files.writeString(disco.resolve("bad"), "127.0.0.1 " + bad.port() + "\n");
    Files.writeString(disco.resolve("gone"), "# no endpoints: the router answers 502\n");
    router = HoplinkProcess.start(dir, """
        admin:
          port: 0
        namers:
        - kind: io.l5d.fs
          rootDir: %s
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /#/io.l5d.fs;
          servers:
          - port: 0
        telemetry:
        - kind: io.l5d.prometheus
        """.formatted(disco));
    startTraffic();
    startPrometheus();
  }

  @AfterAll
  static void stop() throws Exception {
    if (traffic != null) {
      traffic.shutdownNow();
      traffic.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (prometheus != null) {
      prometheus.kill();
    }
    if (router != null) {
      router.close();
    }
    for (ControlledBackend backend : new ControlledBackend[] {ok, bad}) {
      if (backend != null) {
        backend.close();
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** One request every 20 ms, through the router as a proxy, cycling through {@link #ROUND}. */
  private static void startTraffic() {
    HttpClient viaProxy = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    AtomicInteger sent = new AtomicInteger();
    traffic = Executors.newSingleThreadScheduledExecutor();
    traffic.scheduleAtFixedRate(() -> {
      String service = ROUND.get(sent.getAndIncrement() % ROUND.size());
      try {
        HttpResponse<Void> response = viaProxy.send(HttpRequest.newBuilder(
            URI.create("http://" + service + "/")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding());
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
            .incrementAndGet();
      } catch (IOException e) {
        trafficErrors.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 0, 20, TimeUnit.MILLISECONDS);
  }

  /** Prometheus on a free loopback port, scraping the router's page every second. */
  private static void startPrometheus() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
        - job_name: hoplink
          scrape_interval: 1s
          scrape_timeout: 1s
          metrics_path: /admin/metrics/prometheus
          static_configs:
          - targets: ['127.0.0.1:%d']
        """.formatted(router.adminPort()));
    // The port is free when chosen; another process may take it first, so try a few.
    for (int attempt = 1; ; attempt++) {
      prometheusPort = freePort();
      prometheus = LoggedProcess.start(dir, "prometheus", List.of(PROMETHEUS.toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + Files.createTempDirectory(dir, "tsdb"),
          "--web.listen-address=127.0.0.1:" + prometheusPort));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (prometheus.isAlive() && !prometheus.log().contains("Server is ready to receive")
          && System.nanoTime() < deadline) {
        HoplinkProcess.pause();
      }
      if (prometheus.log().contains("Server is ready to receive")) {
        return;
      }
      prometheus.kill();
      if (attempt == 3 || !prometheus.log().contains("address already in use")) {
        fail("prometheus did not start:\n" + prometheus.log());
      }
    }
  }

  private static int freePort() throws IOException {
    return FixedPorts.unused();
  }

  @Test
  void promtoolFindsNothingWrongWithWhatHoplinkAdds() throws Exception {
    String page = awaitPage(p -> p.contains("code=\"200\"") && p.contains("code=\"500\"")
        && p.contains("code=\"502\""));
    Path file = dir.resolve("page.txt");
    Files.writeString(file, page);
    Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
        .redirectInput(file.toFile()).redirectErrorStream(true).start();
    String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not end");
    // 0: no problem; 3: lint problems only (1 would be a page it could not parse)
    assertTrue(Set.of(0, 3).contains(promtool.exitValue()), promtool.exitValue() + ": " + out);
    // What promtool says about Linkerd's own names, explained in the README; nothing else.
    Set<String> linkerdComplaints = Set.of("metric names should not contain ':'",
        "counter metrics should have \"_total\" suffix",
        "metric names should not contain abbreviated units");
    List<String> other = new ArrayList<>();
    for (String line : out.lines().toList()) {
      int space = line.indexOf(' ');
      String name = space < 0 ? line : line.substring(0, space);
      if (!name.contains(":") || !linkerdComplaints.contains(line.substring(space + 1))) {
        other.add(line);
      }
    }
    assertEquals(List.of(), other, "promtool on the page in " + file);
    assertTrue(out.contains("rt:server:requests counter metrics should have \"_total\" suffix"),
        "promtool ran its lint: " + out);
  }

  @Test
  void prometheusScrapesThePageAndAnswersTheReadmeQueries() throws Exception {
    awaitQuery("up{job=\"hoplink\"}", r -> value(r) == 1, "the router's page scraped");
    awaitQuery("sum(rate(rt:server:requests[30s]))", r -> value(r) > 0,
        "Linkerd's name in PromQL");
    awaitQuery("sum(rate(rt_server_responses_total[30s]))", r -> value(r) > 0,
        "responses per second");
    awaitQuery("sum(rate(rt_server_responses_total{code!~\"5..\"}[30s]))"
        + " / sum(rate(rt_server_responses_total[30s]))",
        r -> Math.abs(value(r) - SUCCESS_RATIO) < 0.05, "success ratio 0.6 (by code)");
    awaitQuery("sum(rate(rt:server:success[30s])) / sum(rate(rt:server:requests[30s]))",
        r -> Math.abs(value(r) - SUCCESS_RATIO) < 0.05, "success ratio 0.6 (Linkerd's names)");
    JsonArray p99 = awaitQuery("histogram_quantile(0.99, sum by (le) "
        + "(rate(rt_server_request_duration_seconds_bucket[30s])))",
        r -> value(r) > 0 && value(r) < 10, "a p99 latency in seconds");
    awaitQuery("histogram_quantile(0.99, sum by (le, rt) "
        + "(rate(rt_server_request_duration_seconds_bucket[30s])))",
        r -> labelled(r, "rt").keySet().equals(Set.of("outgoing")), "a p99 per router");
    awaitQuery("histogram_quantile(0.99, sum by (le, service) "
        + "(rate(rt_service_request_duration_seconds_bucket[30s])))",
        r -> labelled(r, "service").keySet().equals(Set.of("svc/ok", "svc/bad", "svc/gone")),
        "a p99 per service");
    JsonArray byCode = awaitQuery("sum by (code) (rate(rt_server_responses_total[30s]))",
        r -> labelled(r, "code").keySet().equals(Set.of("200", "500", "502")),
        "codes 200, 500, 502");
    Map<String, Double> rates = labelled(byCode, "code");
    assertEquals(3.0, rates.get("200") / rates.get("500"), 0.5, rates.toString());
    assertEquals(1.0, rates.get("502") / rates.get("500"), 0.2, rates.toString());
    assertTrue(statuses.keySet().equals(Set.of(200, 500, 502)),
        "the traffic got " + statuses + " and " + trafficErrors + " errors; p99 " + p99);
  }

  /**
   * Every query of the Grafana dashboard shipped under daemonset/ returns data from the
   * router's page, with Grafana's variables as the dashboard's defaults set them (All).
   */
  @Test
  void everyQueryOfTheGrafanaDashboardReturnsData() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(
        HoplinkProcess.basedir().resolve("daemonset/grafana-dashboard.json")));
    int queries = 0;
    for (Object panel : dashboard.getJsonArray("panels")) {
      JsonObject p = (JsonObject) panel;
      for (Object target : p.getJsonArray("targets", new JsonArray())) {
        String expr = ((JsonObject) target).getString("expr")
            .replace("$__rate_interval", "30s").replace("$router", ".*").replace("$job", ".*");
        awaitQuery(expr, r -> !r.isEmpty(), "panel '" + p.getString("title") + "'");
        queries++;
      }
    }
    assertTrue(queries >= 15, "the dashboard's queries: " + queries);
  }

  private static String awaitPage(Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String page = router.admin("/admin/metrics/prometheus");
    while (!ready.test(page)) {
      if (System.nanoTime() > deadline) {
        fail("the page never got there (traffic: " + statuses + "):\n" + page);
      }
      HoplinkProcess.pause();
      page = router.admin("/admin/metrics/prometheus");
    }
    return page;
  }

  /** Asks Prometheus {@code promql} until {@code ready} holds for its result vector. */
  private static JsonArray awaitQuery(String promql, Predicate<JsonArray> ready, String what)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonArray result = query(promql);
    while (!ready.test(result)) {
      if (System.nanoTime() > deadline) {
        fail(what + ": " + promql + " still gives " + result + " after " + PATIENCE
            + "\ntargets: " + get("/api/v1/targets") + "\ntraffic: " + statuses + ", "
            + trafficErrors + " errors\n" + prometheus.log());
      }
      HoplinkProcess.pause();
      result = query(promql);
    }
    return result;
  }

  private static JsonArray query(String promql) throws Exception {
    JsonObject answer = new JsonObject(
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    assertEquals("success", answer.getString("status"), answer.encode());
    return answer.getJsonObject("data").getJsonArray("result");
  }

  private static String get(String pathAndQuery) throws Exception {
    return API.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of a one-element result vector; NaN if it has none or several. */
  private static double value(JsonArray result) {
    if (result.size() != 1) {
      return Double.NaN;
    }
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  /** A {@code sum by (label)} vector as label value to value, keeping values above 0. */
  private static Map<String, Double> labelled(JsonArray result, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (int i = 0; i < result.size(); i++) {
      JsonObject sample = result.getJsonObject(i);
      double v = Double.parseDouble(sample.getJsonArray("value").getString(1));
      if (v > 0 && v < Double.POSITIVE_INFINITY) {
        out.put(sample.getJsonObject("metric").getString(label, ""), v);
      }
    }
    return out;
  }
}
