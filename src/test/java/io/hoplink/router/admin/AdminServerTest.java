package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.prometheus.PrometheusTelemeterPlugin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final FakeAdminState state = new FakeAdminState();
  private AdminFixture admin;

  @AfterEach
  void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
  }

  private AdminFixture start(AdminSettings settings) throws Exception {
    admin = new AdminFixture(state, settings);
    return admin;
  }

  private AdminFixture start() throws Exception {
    return start(AdminSettings.defaults());
  }

  private static void assertJson(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(Replies.JSON, response.headers().firstValue("content-type").orElse(""));
  }

  @Test
  void pingAnswersPong() throws Exception {
    HttpResponse<String> response = start().get("/admin/ping");
    assertEquals(200, response.statusCode());
    assertEquals("pong", response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
  }

  // The admin port is bound on 0.0.0.0 in the DaemonSet: a client that never finishes its
  // request head is answered 408 and cut off, not held for good.
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aRequestHeadNotCompleteInTimeGets408AndTheConnectionCloses() throws Exception {
    int port = start().port();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) AdminHttpServer.HEAD_TIMEOUT.multipliedBy(3).toMillis());
      socket.getOutputStream().write("GET /admin/ping HTTP/1.1\r\nHost: a\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      String reply = new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.US_ASCII); // ends when the router closes
      long waited = java.time.Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
      assertTrue(waited >= AdminHttpServer.HEAD_TIMEOUT.toMillis() - 1000,
          "not before the head timeout: " + waited + " ms");
    }
    assertEquals("pong", admin.get("/admin/ping").body(), "others are still served");
  }

  @Test
  void unknownPathIsJson404() throws Exception {
    HttpResponse<String> response = start().get("/admin/nope");
    assertJson(response, 404);
    assertEquals("not found: /admin/nope", new JsonObject(response.body()).getString("error"));
  }

  @Test
  void configIsServedAsJsonWithRecordsPrinted() throws Exception {
    state.config = Map.of("telemetry", List.of(PrometheusTelemeterPlugin.Config.defaults()));
    HttpResponse<String> response = start().get("/config.json");
    assertJson(response, 200);
    JsonObject telemeter = new JsonObject(response.body()).getJsonArray("telemetry").getJsonObject(0);
    assertEquals(Map.of("kind", "io.l5d.prometheus", "path", "/admin/metrics/prometheus",
        "prefix", ""), telemeter.getMap());
  }

  @Test
  void clientStateMayBeAFuture() throws Exception {
    state.clientState = Future.succeededFuture(Map.of("#/io.l5d.fs/hello", List.of("10.0.0.1:80")));
    HttpResponse<String> response = start().get("/client_state.json");
    assertJson(response, 200);
    assertEquals("10.0.0.1:80",
        new JsonObject(response.body()).getJsonArray("#/io.l5d.fs/hello").getString(0));
  }

  @Test
  void delegatorUsesFirstRouterByDefaultAndPassesDtab() throws Exception {
    start();
    JsonObject first = new JsonObject(admin.get("/delegator.json?path=/svc/hello").body());
    assertEquals("outgoing", first.getString("router"));
    assertEquals("/svc/hello", first.getString("path"));
    assertEquals("", first.getString("dtab"));
    HttpResponse<String> second =
        admin.get("/delegator.json?path=/svc/a&namespace=incoming&dtab=/svc%3D%3E/%24/inet");
    assertJson(second, 200);
    assertEquals("incoming", new JsonObject(second.body()).getString("router"));
    assertEquals("/svc=>/$/inet", new JsonObject(second.body()).getString("dtab"));
  }

  @Test
  void delegatorRejectsBadInputWith400() throws Exception {
    start();
    HttpResponse<String> badPath = admin.get("/delegator.json?path=hello");
    assertJson(badPath, 400);
    assertEquals("'hello' is not a path (expected: /a/b)",
        new JsonObject(badPath.body()).getString("error"));
    assertJson(admin.get("/delegator.json"), 400);
    HttpResponse<String> badRouter = admin.get("/delegator.json?path=/a&namespace=nope");
    assertJson(badRouter, 400);
    assertTrue(badRouter.body().contains("outgoing, incoming"), badRouter.body());
  }

  @Test
  void namerStateIsServedByPrefixAndUnknownPrefixIs404() throws Exception {
    state.namers.put("/io.l5d.fs", () -> Map.of("rootDir", "disco"));
    state.namers.put("io.l5d.k8s/ns", () -> List.of("a"));
    start();
    HttpResponse<String> fs = admin.get("/namer_state/io.l5d.fs.json");
    assertJson(fs, 200);
    assertEquals("disco", new JsonObject(fs.body()).getString("rootDir"));
    assertEquals("[\"a\"]", admin.get("/namer_state/io.l5d.k8s/ns.json").body());
    HttpResponse<String> unknown = admin.get("/namer_state/io.l5d.consul.json");
    assertJson(unknown, 404);
    assertTrue(unknown.body().contains("/io.l5d.consul"), unknown.body());
  }

  @Test
  void shutdownAnswersThenShutsDownOnPostOnly() throws Exception {
    start();
    HttpResponse<String> get = admin.get("/admin/shutdown");
    assertJson(get, 405);
    assertEquals("POST", get.headers().firstValue("allow").orElse(""));
    assertEquals(0, state.shutdowns.get());
    assertEquals(200, admin.post("/admin/shutdown").statusCode());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (state.shutdowns.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(1, state.shutdowns.get());
  }

  @Test
  void shutdownIsNotServedWhenControlIsDisabled() throws Exception {
    start(AdminSettings.defaults().withControlEnabled(false));
    HttpResponse<String> response = admin.post("/admin/shutdown");
    assertJson(response, 404); // as Linkerd's SecurityFilter answers
    assertEquals(0, state.shutdowns.get());
  }

  @Test
  void rootPageListsRoutersWithRequestCountsSummedOverServers() throws Exception {
    Metrics out = state.metrics.scope("rt", "outgoing");
    out.scope("server", "127.0.0.1/4140").counter("requests").inc(7);
    out.scope("server", "127.0.0.1/4140").counter("success").inc(6);
    out.scope("server", "0.0.0.0/4150").counter("requests").inc(5);
    out.scope("server", "0.0.0.0/4150").counter("success").inc(5);
    out.scope("service", "/svc/hello").counter("requests").inc(100);
    state.metrics.scope("rt", "incoming", "server", "0.0.0.0/4141").counter("requests").inc(3);
    HttpResponse<String> response = start().get("/");
    assertEquals(200, response.statusCode());
    assertEquals(Replies.HTML, response.headers().firstValue("content-type").orElse(""));
    String body = response.body();
    assertTrue(body.contains("<tr class=\"router\"><td>outgoing</td><td>12</td><td>11</td>"
        + "<td>0</td></tr>"), body);
    assertTrue(body.contains("<tr class=\"router\"><td>incoming</td><td>3</td><td>0</td>"), body);
    assertTrue(body.contains("href=\"/admin/metrics.json?pretty=1\""), body);
  }

  @Test
  void helpListsEveryPath() throws Exception {
    state.namers.put("/io.l5d.fs", () -> Map.of());
    String body = start().get("/help").body();
    for (String path : List.of("/admin/ping", "/admin/metrics.json", "/admin/metrics/prometheus",
        "/config.json", "/delegator.json", "/client_state.json", "/namer_state/io.l5d.fs.json",
        "/admin/threads", "/admin/shutdown")) {
      assertTrue(body.contains(path), path + " missing from " + body);
    }
  }

  @Test
  void theUiGroupIsNotServedWhenUiIsDisabled() throws Exception {
    start(AdminSettings.defaults().withUiEnabled(false));
    for (String path : List.of("/", "/help", "/admin/metrics.json", "/config.json",
        "/delegator.json")) {
      assertJson(admin.get(path), 404);
    }
    assertEquals(200, admin.get("/admin/ping").statusCode(), "diagnostics stay");
  }

  // Linkerd's SecurityFilter: the blacklist wins, then the group or the whitelist.
  @Test
  void pathListsAndDiagnosticsAreAppliedAsLinkerdDoes() throws Exception {
    admin = new AdminFixture(state, AdminSettings.defaults().withUiEnabled(false),
        new io.hoplink.config.AdminSecurityConfig(false, true, false,
            List.of("^/admin/metrics[.]json$", "/admin/ping"), List.of("/admin/ping")));
    assertEquals(200, admin.get("/admin/metrics.json").statusCode(), "whitelisted UI path");
    assertEquals(404, admin.get("/config.json").statusCode(), "the UI is off");
    assertEquals(404, admin.get("/admin/ping").statusCode(), "blacklisted, whitelisted too");
    assertEquals(404, admin.get("/admin/threads").statusCode(), "diagnostics are off");
    assertEquals(404, admin.get("/client_state.json").statusCode(), "diagnostics are off");
  }

  @Test
  void threadsListsTheCallingThread() throws Exception {
    HttpResponse<String> response = start().get("/admin/threads");
    assertJson(response, 200);
    Thread me = Thread.currentThread();
    JsonObject thread = new JsonObject(response.body()).getJsonObject("threads")
        .getJsonObject(Long.toString(me.getId()));
    assertEquals(me.getName(), thread.getString("thread"));
    assertTrue(thread.getJsonArray("stack").size() > 0);
  }

  @Test
  void startFailsWhenTheTelemeterPathHidesABuiltInPath() {
    AdminSettings clash = new AdminSettings(null, 0, true, true, "/admin/ping", "");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> new AdminFixture(state, clash));
    assertTrue(e.getMessage().contains("/admin/ping is served twice"), e.getMessage());
  }
}
