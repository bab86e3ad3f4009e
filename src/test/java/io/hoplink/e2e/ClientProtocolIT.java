package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client.protocol} through the jar, with curl as the client: HTTP/2 to an h2 router that
 * reaches an HTTP/1.1-only backend, and HTTP/1.1 to an http router that reaches an h2c-only one.
 */
class ClientProtocolIT {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** An h2c backend that answers with the protocol and the body length it saw. */
  private int h2cBackend() throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(req -> req.body().onSuccess(body ->
            req.response().end(req.version() + " " + req.authority().host() + " " + body.length())));
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
  }

  private static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10",
        "-w", " %{http_version}"));
    command.addAll(List.of(args));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not end: " + out);
    assertEquals(0, curl.exitValue(), "curl failed: " + out);
    return out;
  }

  @Test
  void http2AndHttp11ClientsReachBackendsOfTheOtherProtocol() throws Exception {
    Path disco = Files.createDirectories(dir.resolve("disco"));
    try (TestBackend old = new TestBackend("old")) {
      Files.writeString(disco.resolve("old"), "127.0.0.1 " + old.port() + "\n");
      Files.writeString(disco.resolve("new"), "127.0.0.1 " + h2cBackend() + "\n");
      String config = """
          admin: {port: 0}
          namers:
          - {kind: io.l5d.fs, rootDir: %s}
          routers:
          - protocol: h2
            label: h2
            dtab: /svc => /#/io.l5d.fs;
            servers: [{port: 0}]
            client:
              kind: io.l5d.static
              configs:
              - prefix: /#/io.l5d.fs/old
                protocol: http
          - protocol: http
            label: http
            dtab: /svc => /#/io.l5d.fs;
            servers: [{port: 0}]
            client:
              kind: io.l5d.static
              configs:
              - prefix: /#/io.l5d.fs/new
                protocol: h2
          """.formatted(disco);
      try (HoplinkProcess router = HoplinkProcess.start(dir, config)) {
        String h2 = "http://127.0.0.1:" + router.port("h2");
        assertEquals("old 2", curl("--http2-prior-knowledge", "-H", "Host: old", h2 + "/"),
            "HTTP/2 from curl, HTTP/1.1 to the backend");
        assertEquals("11 2", curl("--http2-prior-knowledge", "-H", "Host: old",
            "--data-binary", "hello world", h2 + "/upload"));
        assertEquals(2, old.requests());

        String proxy = "127.0.0.1:" + router.port("http");
        assertEquals("HTTP_2 new 0 1.1", curl("-x", proxy, "http://new/"),
            "HTTP/1.1 from curl, HTTP/2 to the backend");
        assertEquals("HTTP_2 new 5 1.1", curl("-x", proxy, "--data-binary", "hello", "http://new/"));

        JsonObject clients = new JsonObject(router.admin("/client_state.json"));
        assertEquals("http", clients.getJsonObject("h2").getJsonObject("/#/io.l5d.fs/old")
            .getString("protocol"), clients.encode());
        assertEquals("h2", clients.getJsonObject("http").getJsonObject("/#/io.l5d.fs/new")
            .getString("protocol"), clients.encode());
      }
    }
  }
}
