package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged router as a process, between real clients and real backends. */
class RouterCoreIT {
  @TempDir Path dir;
  private TestBackend hello;
  private TestBackend world;
  private HoplinkProcess router;
  private HttpClient viaProxy;

  @BeforeEach
  void start() throws IOException {
    hello = new TestBackend("hello");
    world = new TestBackend("world");
    Path disco = Files.createDirectories(dir.resolve("disco"));
    Files.writeString(disco.resolve("hello"), "127.0.0.1 " + hello.port() + "\n");
    Files.writeString(disco.resolve("world"), "# the world\n127.0.0.1 " + world.port() + "\n");
    router = HoplinkProcess.start(dir, config(disco, 1000));
    viaProxy = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  static String config(Path disco, int maxCallDepth) {
    return """
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
            maxCallDepth: %d
        """.formatted(disco, maxCallDepth);
  }

  @AfterEach
  void stop() {
    router.close();
    hello.close();
    world.close();
  }

  @Test
  void curlWithHttpProxyReachesTheNamedService() throws Exception {
    ProcessBuilder curl = new ProcessBuilder("curl", "-s", "-S", "-i", "http://hello/greet");
    curl.environment().put("http_proxy", "http://127.0.0.1:" + router.port("outgoing"));
    curl.redirectErrorStream(true);
    Process process = curl.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor());
    assertTrue(out.startsWith("HTTP/1.1 200"), out);
    assertTrue(out.endsWith("hello"), out);
    assertEquals(1, hello.requests());
    var seen = hello.seenHeaders().get(0);
    assertEquals("/svc/hello", seen.getFirst("l5d-dst-service"));
    assertEquals("/#/io.l5d.fs/hello", seen.getFirst("l5d-dst-client"));
    assertTrue(seen.getFirst("Via").contains("hoplink"), seen.getFirst("Via"));
  }

  /** epoll by default on Linux, NIO when asked for: each routes, and says which it runs on. */
  @Test
  void theEventLoopsRunOnEpollOrOnNio() throws Exception {
    assertTrue(router.log().contains("event loops on epoll"), router.log());
    try (HoplinkProcess nio = HoplinkProcess.start(dir, config(dir.resolve("disco"), 1000),
        "-Dhoplink.transport=nio")) {
      assertTrue(nio.log().contains("event loops on NIO (hoplink.transport=nio)"), nio.log());
      String response = RawHttp.exchange(nio.port("outgoing"),
          "GET / HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n");
      assertEquals(200, RawHttp.status(response), response);
    }
  }

  @Test
  void originFormWithHostHeaderIsRouted() throws Exception {
    String response = RawHttp.exchange(router.port("outgoing"),
        "GET / HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n");
    assertEquals(200, RawHttp.status(response));
    assertTrue(response.endsWith("world"), response);
  }

  @Test
  void threeBackendsShareTraffic() throws Exception {
    try (TestBackend b2 = new TestBackend("b2"); TestBackend b3 = new TestBackend("b3")) {
      Files.writeString(dir.resolve("disco/shared"), "127.0.0.1 " + hello.port() + "\n"
          + "127.0.0.1 " + b2.port() + "\n127.0.0.1 " + b3.port() + "\n");
      awaitStatus("http://shared/", 200);
      int before = hello.requests() + b2.requests() + b3.requests();
      int n = 300;
      for (int i = 0; i < n; i++) {
        assertEquals(200, get("http://shared/").statusCode());
      }
      assertEquals(n, hello.requests() + b2.requests() + b3.requests() - before);
      // Idle nodes are picked at random: each gets a third, within 40% of its share.
      for (TestBackend b : List.of(hello, b2, b3)) {
        assertEquals(n / 3.0, b.requests(), n / 3.0 * 0.4, "uneven spread");
      }
    }
  }

  @Test
  void unknownServiceIs502WithL5dErr() throws Exception {
    HttpResponse<String> response = get("http://nowhere/");
    assertEquals(502, response.statusCode());
    assertTrue(response.headers().firstValue("l5d-err").isPresent());
  }

  @Test
  void l5dDtabHeaderOverridesRoutingAndTravelsOn() throws Exception {
    HttpResponse<String> response = viaProxy.send(HttpRequest.newBuilder(URI.create("http://hello/"))
        .header("l5d-dtab", "/svc/hello => /svc/world").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("world", response.body());
    var seen = world.seenHeaders().get(0);
    assertEquals("/svc/hello=>/svc/world", seen.getFirst("l5d-ctx-dtab").replace(" ", ""));
    assertEquals(null, seen.getFirst("l5d-dtab"));
  }

  @Test
  void malformedDtabHeaderIs400() throws Exception {
    HttpResponse<String> response = viaProxy.send(HttpRequest.newBuilder(URI.create("http://hello/"))
        .header("l5d-dtab", "/svc/hello => => nonsense").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode());
    assertEquals(0, hello.requests());
  }

  @Test
  void shortIpv4LiteralsAsLinkerdsExamplesWriteThemReachTheirEndpoint() throws Exception {
    // Linkerd's minimal config routes to /$/inet/127.1/<port>; its disco files say 127.1 too.
    Files.writeString(dir.resolve("disco").resolve("short"), "127.1 " + hello.port() + "\n");
    HttpResponse<String> viaFile = get("http://short/");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (viaFile.statusCode() == 502 && System.nanoTime() < deadline) {
      Thread.sleep(50); // the fs namer has not seen the new file yet
      viaFile = get("http://short/");
    }
    assertEquals(200, viaFile.statusCode(), viaFile.headers().toString());

    router.close();
    router = HoplinkProcess.start(dir, """
        admin:
          port: 0
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /$/inet/127.1/%d;
          servers: [{port: 0}]
        """.formatted(hello.port()));
    viaProxy = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
        .version(HttpClient.Version.HTTP_1_1).build();
    assertEquals(200, get("http://anything/").statusCode());
  }

  @Test
  void requestLoopingBackToTheRouterIsRefused() throws Exception {
    router.close();
    router = HoplinkProcess.start(dir, config(dir.resolve("disco"), 5));
    int port = router.port("outgoing");
    // The operator's names may point back at the router (a per-request dtab may not: 403).
    Files.writeString(dir.resolve("disco").resolve("loop"), "127.0.0.1 " + port + "\n");
    String request = "GET / HTTP/1.1\r\nHost: loop\r\nConnection: close\r\n\r\n";
    String response = RawHttp.exchange(port, request);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (RawHttp.status(response) == 502 && System.nanoTime() < deadline) {
      Thread.sleep(50); // the fs namer has not seen the new file yet
      response = RawHttp.exchange(port, request);
    }
    assertEquals(400, RawHttp.status(response), response);
    assertTrue(response.toLowerCase().contains("l5d-err:"), response);
  }

  @Test
  void countersEqualWhatWasSent() throws Exception {
    for (int i = 0; i < 7; i++) {
      assertEquals(200, get("http://hello/").statusCode());
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(502, get("http://missing/").statusCode());
    }
    // Linkerd names a server by its configured port, which is 0 here.
    String server = "rt/outgoing/server/127.0.0.1/0/";
    // A request is counted once its response is written, which can be after the client has it.
    JsonObject metrics = awaitMetrics(m -> m.getLong(server + "requests", 0L) == 10
        && m.getLong("rt/outgoing/client/#/io.l5d.fs/hello/requests", 0L) == 7
        && m.getLong("rt/outgoing/service/svc/hello/requests", 0L) == 7);
    assertEquals(10, metrics.getLong(server + "requests"));
    assertEquals(7, metrics.getLong(server + "success"));
    assertEquals(3, metrics.getLong(server + "failures"));
    assertEquals(7, metrics.getLong(server + "status/200"));
    assertEquals(3, metrics.getLong(server + "status/502"));
    assertEquals(10, metrics.getLong(server + "request_latency_ms.count"));
    assertEquals(7, metrics.getLong("rt/outgoing/service/svc/hello/requests"));
    assertEquals(7, metrics.getLong("rt/outgoing/client/#/io.l5d.fs/hello/requests"));
    assertEquals(7, metrics.getLong("rt/outgoing/client/#/io.l5d.fs/hello/success"));
    String prometheus = router.admin("/admin/metrics/prometheus");
    assertTrue(prometheus.contains("rt:server:requests{rt=\"outgoing\""), prometheus);
  }

  @Test
  void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
    CompletableFuture<HttpResponse<String>> slow = viaProxy.sendAsync(
        HttpRequest.newBuilder(URI.create("http://hello/slow?ms=1500")).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (hello.requests() == 0 && System.nanoTime() < deadline) {
      HoplinkProcess.pause();
    }
    router.process().destroy();
    assertEquals(200, slow.get().statusCode());
    assertEquals("hello", slow.get().body());
    assertEquals(0, router.awaitExit(Duration.ofSeconds(15)), router.log());
  }

  private JsonObject awaitMetrics(java.util.function.Predicate<JsonObject> ready)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    JsonObject metrics = new JsonObject(router.admin("/admin/metrics.json"));
    while (!ready.test(metrics) && System.nanoTime() < deadline) {
      HoplinkProcess.pause();
      metrics = new JsonObject(router.admin("/admin/metrics.json"));
    }
    return metrics;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return viaProxy.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitStatus(String url, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = get(url).statusCode();
      if (last == status) {
        return;
      }
      HoplinkProcess.pause();
    }
    assertNotEquals(-1, last);
    assertEquals(status, last, "status of " + url);
  }
}
