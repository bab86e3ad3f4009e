package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linkerd 1.7.5's own example configs (src/test/resources/linkerd-corpus), unedited, run by the
 * packaged jar as Linkerd's example test runs them: from a directory where
 * {@code linkerd/examples/io.l5d.fs} exists, on their fixed ports (4140, 4141, 9990) and with
 * their backends where they name them (127.1:8888 and localhost:8080). So that those ports are
 * free, everything runs inside a network namespace the test creates and deletes; requests come
 * from curl inside it. Each test asks what Linkerd would answer. Needs root, iproute2 and curl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkerdExamplesIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Path EXAMPLES = HoplinkProcess.basedir()
      .resolve("src/test/resources/linkerd-corpus/linkerd-1.7.5/examples");

  @TempDir static Path dir;
  private NetworkNamespaces net;
  private LoggedProcess backends;
  private Path workdir;

  @BeforeAll
  void start() throws Exception {
    NetworkNamespaces.requireRootAnd("curl");
    net = NetworkNamespaces.create(1);
    workdir = dir.resolve("linkerd-repo");
    Files.createDirectories(workdir.resolve("linkerd"));
    Files.createSymbolicLink(workdir.resolve("linkerd/examples"), EXAMPLES);
    backends = LoggedProcess.start(dir, "backends", net.inNode(1, LoggedProcess.java(
        List.of("-Xmx32m", "-XX:+UseSerialGC"), ExampleBackend.class, "8888", "8080")));
    backends.awaitLog("listening on", START);
  }

  @AfterAll
  void stop() {
    if (backends != null) {
      backends.close();
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  void httpYamlNamesByTheL5dNameHeaderAndAddsForwarded() throws Exception {
    try (HoplinkProcess router = run("http.yaml")) {
      Reply reply = curl("-H", "l5d-name: /cat", "http://127.0.0.1:4140/meow");
      assertEquals(200, reply.status(), reply + router.log());
      assertTrue(reply.body().contains("port=8888\npath=/meow\n"), reply.toString());
      // addForwardedHeader: by as ip:port, for as ip, then the host (RFC 7239, as Linkerd).
      assertTrue(reply.body().contains(
          "forwarded=by=\"127.0.0.1:4140\";for=127.0.0.1;host=\"127.0.0.1:4140\"\n"),
          reply.toString());
    }
  }

  @Test
  void staticNamerSendsEveryHostToLocalhost8080() throws Exception {
    try (HoplinkProcess router = run("static_namer.yaml")) {
      Reply reply = curl("-H", "Host: anything.example", "http://127.0.0.1:4140/x");
      assertEquals(200, reply.status(), reply + router.log());
      assertTrue(reply.body().startsWith("port=8080\npath=/x\nhost=anything.example\n"),
          reply.toString());
    }
  }

  @Test
  void rewritingYamlRewritesServiceApiToSrvService() throws Exception {
    try (HoplinkProcess router = run("rewriting.yaml")) {
      Reply reply = curl("http://127.0.0.1:4140/dog/api/bark");
      assertEquals(200, reply.status(), reply + router.log());
      assertTrue(reply.body().startsWith("port=8888\npath=/dog/api/bark\n"), reply.toString());
      Reply unmatched = curl("http://127.0.0.1:4140/dog/web/bark");
      assertEquals(502, unmatched.status(), "/{service}/api does not match, so the name binds"
          + " to nothing: Linkerd's 502 (no hosts available): " + unmatched);
    }
  }

  @Test
  void servicemeshYamlGoesThroughTheIncomingRouterOn4141() throws Exception {
    try (HoplinkProcess router = run("servicemesh.yaml")) {
      Reply reply = curl("-H", "Host: dog", "http://127.0.0.1:4140/woof");
      assertEquals(200, reply.status(), reply + router.log());
      assertTrue(reply.body().startsWith("port=8888\npath=/woof\n"), reply.toString());
      Reply metrics = curl("http://127.0.0.1:9990/admin/metrics.json");
      assertEquals(List.of("\"rt/incoming/server/127.0.0.1/4141/requests\":1"),
          matching(metrics.body().split(","), "rt/incoming/server/127.0.0.1/4141/requests"),
          "the request came in on the incoming router");
    }
  }

  @Test
  void retriesYamlRetriesA503OfAGet() throws Exception {
    try (HoplinkProcess router = run("retries.yaml")) {
      Reply reply = curl("-H", "Host: pets", "http://127.0.0.1:4140/fail-once/a");
      assertEquals(200, reply.status(), "io.l5d.http.retryableIdempotent5XX retries a GET's 503: "
          + reply + router.log());
      Reply post = curl("-X", "POST", "-H", "Host: pets", "http://127.0.0.1:4140/fail-once/b");
      assertEquals(503, post.status(), "a POST is not idempotent: " + post);
    }
  }

  @Test
  void serviceOptionsYamlGivesFooALongerTotalTimeout() throws Exception {
    try (HoplinkProcess router = run("service-options.yaml")) {
      // a first request each way, so that the timed ones do not also carry a cold start
      // (first connection, first compilation): their margins are 250 ms either side
      assertEquals(200, curl("-H", "Host: foo", "http://127.0.0.1:4140/slow/0").status());
      assertEquals(200, curl("-H", "Host: baz", "http://127.0.0.1:4140/slow/0").status());
      Reply foo = curl("-H", "Host: foo", "http://127.0.0.1:4140/slow/750");
      assertEquals(200, foo.status(), "/svc/foo has totalTimeoutMs 1000: " + foo + router.log());
      Reply other = curl("-H", "Host: baz", "http://127.0.0.1:4140/slow/750");
      assertEquals(503, other.status(), "/svc has totalTimeoutMs 500, and Linkerd answers a"
          + " timeout with 503: " + other);
      assertTrue(other.headers().contains("l5d-err:"), other.toString());
    }
  }

  @Test
  void prometheusYamlServesTheRoutersCountersOnTheAdminPort() throws Exception {
    try (HoplinkProcess router = run("prometheus.yaml")) {
      Reply reply = curl("-H", "Host: cat", "http://127.0.0.1:4140/");
      assertEquals(200, reply.status(), reply + router.log());
      Reply metrics = curl("http://127.0.0.1:9990/admin/metrics/prometheus");
      assertEquals(200, metrics.status(), metrics.toString());
      assertEquals(List.of("rt:server:requests{rt=\"http\", server=\"127.0.0.1/4140\"} 1"),
          matching(metrics.body().split("\n"), "rt:server:requests{"));
    }
  }

  private static List<String> matching(String[] lines, String text) {
    return java.util.Arrays.stream(lines).filter(l -> l.contains(text)).toList();
  }

  /** Starts the jar on example {@code name}, unedited, from a directory shaped like Linkerd's. */
  private HoplinkProcess run(String name) throws IOException {
    HoplinkProcess router = HoplinkProcess.launchIn(dir,
        net.inNode(1, List.of("env", "-C", workdir.toString())),
        Files.readString(EXAMPLES.resolve(name)), Map.of(), net.address(1));
    router.awaitLog("admin listening on", START);
    return router;
  }

  record Reply(int status, String headers, String body) {}

  /** curl inside the namespace: status, head and body of the reply. */
  private Reply curl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "10"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(net.inNode(1, command)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl still running");
    int split = out.indexOf("\r\n\r\n");
    assertTrue(out.startsWith("HTTP/") && split > 0, "curl " + String.join(" ", args) + ": " + out);
    String head = out.substring(0, split);
    return new Reply(Integer.parseInt(head.split(" ")[1]), head, out.substring(split + 4));
  }
}
