package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure accrual, requeues, retries and timeouts of the packaged router, end to end. */
class ResilienceIT {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final List<ControlledBackend> backends = new ArrayList<>();
  private HoplinkProcess router;
  private HttpClient viaProxy;

  @AfterEach
  void stop() throws Exception {
    if (router != null) {
      router.close();
    }
    backends.forEach(ControlledBackend::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private ControlledBackend backend(String name) throws Exception {
    ControlledBackend backend = new ControlledBackend(vertx, name);
    backends.add(backend);
    return backend;
  }

  /** Starts the router with {@code service: [backends]} in its fs namer and extra router keys. */
  private void start(String routerKeys, String serverKeys, String service,
      ControlledBackend... members) throws IOException {
    Path disco = Files.createDirectories(dir.resolve("disco"));
    StringBuilder lines = new StringBuilder();
    for (ControlledBackend b : members) {
      lines.append("127.0.0.1 ").append(b.port()).append('\n');
    }
    Files.writeString(disco.resolve(service), lines);
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
        %s
          servers:
          - port: 0
        %s
        """.formatted(disco, routerKeys.indent(2).stripTrailing(), serverKeys.indent(4).stripTrailing()));
    viaProxy = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return viaProxy.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String id) throws IOException, InterruptedException {
    return viaProxy.send(HttpRequest.newBuilder(URI.create(url)).header("x-id", id)
        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("order " + id))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject metrics() throws Exception {
    return new JsonObject(router.admin("/admin/metrics.json"));
  }

  private JsonObject awaitMetrics(Predicate<JsonObject> ready) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonObject metrics = metrics();
    while (!ready.test(metrics) && System.nanoTime() < deadline) {
      HoplinkProcess.pause();
      metrics = metrics();
    }
    return metrics;
  }

  private static long counter(JsonObject metrics, String name) {
    return metrics.getLong(name, 0L);
  }

  @Test
  void aBackendKilledMidLoadCostsNoGetAndNoPostIsSentTwice() throws Exception {
    ControlledBackend a = backend("a");
    ControlledBackend b = backend("b");
    ControlledBackend c = backend("c");
    start("service: {responseClassifier: {kind: io.l5d.http.retryableRead5XX}}", "", "web", a, b, c);

    int threads = 6;
    int perThread = 60;
    AtomicInteger getsOk = new AtomicInteger();
    AtomicInteger getsFailed = new AtomicInteger();
    AtomicInteger postsSent = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> load = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      load.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          if (i % 4 == 3) {
            postsSent.incrementAndGet();
            post("http://web/orders", thread + "-" + i);
          } else {
            HttpResponse<String> response = get("http://web/items");
            if (response.statusCode() == 200) {
              getsOk.incrementAndGet();
            } else {
              getsFailed.incrementAndGet();
              failures.add(response.statusCode() + " " + response.headers().firstValue("l5d-err"));
            }
          }
        }
        return null;
      }));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (b.requests.get() < 15 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    b.kill();
    for (Future<?> f : load) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertTrue(b.requests.get() >= 15, "b was killed while serving load");
    assertEquals(List.of(), failures, "every GET succeeds through requeues and retries");
    assertEquals(threads * perThread - postsSent.get(), getsOk.get());
    List<String> seen = new ArrayList<>();
    for (ControlledBackend backend : List.of(a, b, c)) {
      seen.addAll(backend.ids);
    }
    Set<String> unique = new HashSet<>(seen);
    assertEquals(unique.size(), seen.size(), "a POST reached the backends at most once");
    assertTrue(seen.size() <= postsSent.get());
    JsonObject metrics = metrics();
    assertTrue(counter(metrics, "rt/outgoing/client/#/io.l5d.fs/web/retries/requeues")
        + counter(metrics, "rt/outgoing/service/svc/web/retries/total") > 0, metrics.encode());
    // the killed endpoint's failed attempts, requeued or retried, are its recent errors
    io.vertx.core.json.JsonArray endpoints = new JsonObject(router.admin("/client_state.json"))
        .getJsonObject("outgoing").getJsonObject("/#/io.l5d.fs/web").getJsonArray("endpoints");
    JsonObject killed = endpoints.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("address").endsWith(":" + b.port())).findFirst().orElseThrow();
    io.vertx.core.json.JsonArray errors = killed.getJsonArray("recentErrors");
    assertTrue(errors != null && !errors.isEmpty() && errors.size() <= 5, killed.encode());
    assertTrue(errors.getJsonObject(0).getString("reason").contains(":" + b.port()), killed.encode());
    assertTrue(errors.getJsonObject(0).getString("at").startsWith("20"), killed.encode());
  }

  @Test
  void aBackendAnswering500sIsRemovedAndComesBackOnceItRecovers() throws Exception {
    ControlledBackend good = backend("good");
    ControlledBackend bad = backend("bad");
    bad.status = 500;
    start("""
        client:
          failureAccrual:
            kind: io.l5d.consecutiveFailures
            failures: 3
            backoff: {kind: constant, ms: 1000}
        """, "", "pair", good, bad);
    String client = "rt/outgoing/client/#/io.l5d.fs/pair/failure_accrual/";

    int sent = 0;
    while (counter(metrics(), client + "removals") == 0 && sent < 300) {
      get("http://pair/");
      sent++;
    }
    JsonObject removed = metrics();
    assertEquals(1, counter(removed, client + "removals"), removed.encode());
    assertTrue(counter(removed, client + "removed_for_ms") >= 1000);

    int badBefore = bad.requests.get();
    long probesBefore = counter(removed, client + "probes");
    int failed = 0;
    for (int i = 0; i < 40; i++) {
      failed += get("http://pair/").statusCode() == 200 ? 0 : 1;
    }
    JsonObject after = metrics();
    long probes = counter(after, client + "probes") - probesBefore;
    assertEquals(probes, bad.requests.get() - badBefore, "only probes reach a removed node");
    assertEquals(probes, failed, "every other request went to the good node");
    assertTrue(probes < 20, probes + " probes in 40 requests");

    bad.status = 200;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (counter(metrics(), client + "revivals") == 0 && System.nanoTime() < deadline) {
      get("http://pair/");
      HoplinkProcess.pause();
    }
    assertEquals(1, counter(metrics(), client + "revivals"));
    int badRevived = bad.requests.get();
    for (int i = 0; i < 40; i++) {
      assertEquals(200, get("http://pair/").statusCode());
    }
    assertTrue(bad.requests.get() > badRevived, "the revived node takes requests again");
    String state = router.admin("/client_state.json");
    assertTrue(state.contains("\"failureAccrual\""), state);
  }

  @Test
  void aFlakyBackendUnderRetryableReadGivesFullSuccessWithinTheBudget() throws Exception {
    ControlledBackend flaky = backend("flaky");
    flaky.failureRate = 0.3;
    start("""
        client:
          failureAccrual: {kind: none}
        service:
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          retries:
            budget: {ttlSecs: 10, minRetriesPerSec: 2, percentCanRetry: 0.5}
        """, "", "flaky", flaky);

    int requests = 200;
    int ok = 0;
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = get("http://flaky/");
      if (response.statusCode() == 200) {
        ok++;
        assertEquals("1.0", response.headers().firstValue("l5d-success-class").orElse(null));
      }
    }
    String service = "rt/outgoing/service/svc/flaky/";
    JsonObject m = awaitMetrics(x -> counter(x, service + "requests") == requests);
    long retries = counter(m, service + "retries/total");
    long budget = Math.round(requests * 0.5) + 2 * 10;
    assertTrue(ok >= requests * 0.99, ok + " of " + requests + " succeeded");
    assertTrue(retries > 0 && retries <= budget, retries + " retries, budget " + budget);
    assertEquals(requests + retries, flaky.requests.get(), "each retry is one more request");
    assertEquals(ok, counter(m, service + "success"));
    String client = "rt/outgoing/client/#/io.l5d.fs/flaky/";
    assertEquals(requests + retries, counter(m, client + "requests"));
    assertEquals(counter(m, client + "status/500"), counter(m, client + "failures"),
        "the classifier's failures are the client's failures");
  }

  @Test
  void aSlowBackendHitsTotalTimeoutWith503AndDeadlinesArePassedOn() throws Exception {
    ControlledBackend slow = backend("slow");
    slow.delayMs = 5_000;
    ControlledBackend sometimes = backend("sometimes");
    sometimes.slowFirst = 5_000;
    ControlledBackend fast = backend("fast");
    Path disco = Files.createDirectories(dir.resolve("disco"));
    Files.writeString(disco.resolve("sometimes"), "127.0.0.1 " + sometimes.port() + "\n");
    Files.writeString(disco.resolve("fast"), "127.0.0.1 " + fast.port() + "\n");
    start("""
        client:
          kind: io.l5d.static
          configs:
          - prefix: /#/io.l5d.fs/sometimes
            requestAttemptTimeoutMs: 500
        service:
          kind: io.l5d.static
          configs:
          - prefix: /svc
            totalTimeoutMs: 400
          - prefix: /svc/*
            responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          - prefix: /svc/sometimes
            totalTimeoutMs: 20000
          - prefix: /svc/fast
            totalTimeoutMs: 10000
        """, "", "slow", slow);

    HttpResponse<String> timedOut = get("http://slow/");
    assertEquals(503, timedOut.statusCode());
    assertTrue(timedOut.headers().firstValue("l5d-err").orElse("").contains("totalTimeoutMs"),
        timedOut.headers().toString());
    assertEquals("0.0", timedOut.headers().firstValue("l5d-success-class").orElse(null));

    long now = System.currentTimeMillis() * 1_000_000L;
    HttpResponse<String> expired = viaProxy.send(HttpRequest.newBuilder(URI.create("http://slow/"))
        .header("x-id", "expired")
        .header("l5d-ctx-deadline", (now - 2_000_000_000L) + " " + (now - 1_000_000_000L)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(503, expired.statusCode());
    assertTrue(expired.headers().firstValue("l5d-err").orElse("").contains("deadline"));

    long incoming = now + 60_000_000_000L;
    HttpResponse<String> passed = viaProxy.send(HttpRequest.newBuilder(URI.create("http://fast/"))
        .header("l5d-ctx-deadline", now + " " + incoming).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, passed.statusCode());
    String[] onward = fast.deadlines.get(0).split(" ");
    long window = Long.parseLong(onward[1]) - Long.parseLong(onward[0]);
    assertTrue(window > 0 && window <= 10_000_000_000L, "tightened to the total timeout: " + window);
    assertTrue(Long.parseLong(onward[1]) < incoming);

    HttpResponse<String> retried = get("http://sometimes/");
    assertEquals(200, retried.statusCode(), "the slow first attempt timed out and was retried");
    assertTrue(sometimes.requests.get() >= 2);
    JsonObject m = awaitMetrics(x -> counter(x, "rt/outgoing/service/svc/sometimes/requests") == 1
        && counter(x, "rt/outgoing/service/svc/slow/requests") == 2);
    assertTrue(counter(m, "rt/outgoing/service/svc/sometimes/retries/total") >= 1, m.encodePrettily());
    assertEquals(2, counter(m, "rt/outgoing/service/svc/slow/status/503"), m.encodePrettily());
    assertTrue(!slow.ids.contains("expired"), "an expired request never reaches the backend");
  }

  @Test
  void requestsBeyondMaxConcurrentRequestsGetAFast503() throws Exception {
    ControlledBackend slow = backend("held");
    slow.delayMs = 3_000;
    start("", "maxConcurrentRequests: 1", "held", slow);
    java.util.concurrent.CompletableFuture<HttpResponse<String>> first = viaProxy.sendAsync(
        HttpRequest.newBuilder(URI.create("http://held/")).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (slow.requests.get() == 0 && System.nanoTime() < deadline) {
      HoplinkProcess.pause();
    }
    HttpResponse<String> shed = get("http://held/");
    assertEquals(503, shed.statusCode());
    assertTrue(shed.headers().firstValue("l5d-err").orElse("").contains("maxConcurrentRequests"));
    assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
    assertEquals(1, slow.requests.get(), "the shed request never reached the backend");
  }
}
