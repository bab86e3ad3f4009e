package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port of the packaged router, against its real state. */
class AdminIT {
  @TempDir Path dir;

  @Test
  void adminPagesShowTheRunningRouter() throws Exception {
    try (TestBackend hello = new TestBackend("hello")) {
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("hello"), "127.0.0.1 " + hello.port() + " * 2\n");
      try (HoplinkProcess router = HoplinkProcess.start(dir, RouterCoreIT.config(disco, 1000))) {
        assertEquals("pong", router.admin("/admin/ping"));

        JsonObject config = new JsonObject(router.admin("/config.json"));
        assertEquals("outgoing", config.getJsonArray("routers").getJsonObject(0).getString("label"));

        String delegation = router.admin("/delegator.json?namespace=outgoing&path="
            + URLEncoder.encode("/svc/hello", StandardCharsets.UTF_8));
        assertTrue(delegation.contains("/#/io.l5d.fs/hello"), delegation);
        assertTrue(delegation.contains("\"port\":" + hello.port()), delegation);

        String override = router.admin("/delegator.json?path=/svc/hello&dtab="
            + URLEncoder.encode("/svc/hello=>/$/inet/127.0.0.1/1", StandardCharsets.UTF_8));
        assertTrue(override.contains("/$/inet/127.0.0.1/1"), override);

        JsonObject namer = new JsonObject(router.admin("/namer_state/io.l5d.fs.json"));
        assertTrue(namer.encode().contains(Integer.toString(hello.port())), namer.encode());

        sendThroughRouter(router, "hello");
        JsonObject clients = new JsonObject(router.admin("/client_state.json"));
        JsonArray endpoints = clients.getJsonObject("outgoing")
            .getJsonObject("/#/io.l5d.fs/hello").getJsonArray("endpoints");
        assertEquals(1, endpoints.size());
        assertEquals(2.0, endpoints.getJsonObject(0).getDouble("weight"));
        assertEquals(new JsonArray().add("/#/io.l5d.fs/hello"),
            new JsonArray(router.admin("/bound-names.json")));

        String page = router.admin("/");
        assertTrue(page.contains("outgoing"), page);
      }
    }
  }

  @Test
  void deletedDiscoveryFileMakesTheName502() throws Exception {
    try (TestBackend hello = new TestBackend("hello")) {
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Path file = disco.resolve("hello");
      Files.writeString(file, "127.0.0.1 " + hello.port() + "\n");
      try (HoplinkProcess router = HoplinkProcess.start(dir, RouterCoreIT.config(disco, 1000))) {
        assertEquals(200, sendThroughRouter(router, "hello"));
        Files.delete(file);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = 200;
        while (status != 502 && System.nanoTime() < deadline) {
          status = sendThroughRouter(router, "hello");
          HoplinkProcess.pause();
        }
        assertEquals(502, status);
      }
    }
  }

  @Test
  void shutdownOverAdminDrainsAndExitsZero() throws Exception {
    Path disco = Files.createDirectories(dir.resolve("disco"));
    try (HoplinkProcess router = HoplinkProcess.start(dir, RouterCoreIT.config(disco, 1000))) {
      HttpClient client = HttpClient.newHttpClient();
      URI shutdown = URI.create("http://127.0.0.1:" + router.adminPort() + "/admin/shutdown");
      assertEquals(405, client.send(HttpRequest.newBuilder(shutdown).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(200, client.send(HttpRequest.newBuilder(shutdown)
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(0, router.awaitExit(Duration.ofSeconds(20)), router.log());
    }
  }

  @Test
  void shutdownIsRefusedWhenControlIsDisabled() throws Exception {
    Path disco = Files.createDirectories(dir.resolve("disco"));
    String config = RouterCoreIT.config(disco, 1000)
        .replace("admin:\n  port: 0\n", "admin:\n  port: 0\n  security:\n    controlEnabled: false\n");
    try (HoplinkProcess router = HoplinkProcess.start(dir, config)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + router.adminPort() + "/admin/shutdown"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, response.statusCode(), "as Linkerd's SecurityFilter answers");
      assertTrue(router.process().isAlive());
      assertEquals("pong", router.admin("/admin/ping"));
    }
  }

  @Test
  void serverInfoNamesTheVersionStartAndTheConfigsHash() throws Exception {
    Path disco = Files.createDirectories(dir.resolve("disco"));
    String config = RouterCoreIT.config(disco, 1000);
    String first;
    try (HoplinkProcess router = HoplinkProcess.start(dir, config)) {
      io.vertx.core.json.JsonObject info = new io.vertx.core.json.JsonObject(
          router.admin("/admin/server_info"));
      assertEquals("hoplink", info.getString("name"));
      assertTrue(info.getString("version").matches("\\d+\\.\\d+\\.\\d+\\S*"), info.encode());
      java.time.Instant started = java.time.Instant.parse(info.getString("startTime"));
      assertTrue(started.isBefore(java.time.Instant.now()), info.encode());
      first = info.getString("configHash");
      assertTrue(first.matches("[0-9a-f]{64}"), info.encode());
    }
    try (HoplinkProcess same = HoplinkProcess.start(dir, config);
        HoplinkProcess other = HoplinkProcess.start(dir, config.replace("maxCallDepth: 1000",
            "maxCallDepth: 999"))) {
      assertEquals(first, new io.vertx.core.json.JsonObject(same.admin("/admin/server_info"))
          .getString("configHash"), "the same config, the same hash");
      assertTrue(!first.equals(new io.vertx.core.json.JsonObject(
          other.admin("/admin/server_info")).getString("configHash")), "another config");
    }
  }

  private static int sendThroughRouter(HoplinkProcess router, String host) throws Exception {
    String response = RawHttp.exchange(router.port("outgoing"),
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    return RawHttp.status(response);
  }
}
