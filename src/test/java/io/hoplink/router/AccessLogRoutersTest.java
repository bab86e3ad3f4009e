package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.config.HoplinkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routers write one access log line per request where it ends, HTTP/1.1 and HTTP/2 alike,
 * refused ones included; a reload keeps the file open once, a moved log closes the old file, and
 * the drain writes what is left.
 */
class AccessLogRoutersTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http1 = vertx.createHttpClient(new HttpClientOptions());
  private final HttpClient h2 = vertx.createHttpClient(new HttpClientOptions()
      .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  private Hoplink hoplink;

  @AfterEach
  void stop() throws Exception {
    if (hoplink != null) {
      hoplink.drain().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static void poll(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 10 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private String config(int backend, String webLog) {
    return """
        admin: {port: 0}
        routers:
        - protocol: http
          label: web
          httpAccessLog: %s
          dtab: /svc/hello => /$/inet/127.0.0.1/%d; /svc/dead => /$/inet/127.0.0.1/1;
          servers: [{port: 0, maxCallDepth: 2}]
        - protocol: h2
          label: grid
          h2AccessLog: %s
          dtab: /svc/hello => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(dir.resolve(webLog), backend, dir.resolve("grid.log"), backend);
  }

  private int backend() throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions())
        .requestHandler(req -> req.response().end("hello!"));
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  private int send(HttpClient client, String label, String host, String path, String via)
      throws Exception {
    int port = hoplink.ports(label).get(0);
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port)
        .setMethod(HttpMethod.GET).setURI(path).putHeader("User-Agent", "test-agent");
    if (via != null) {
      options.putHeader("Via", via);
    }
    return await(client.request(options).compose(req -> {
      req.authority(io.vertx.core.net.HostAndPort.authority(host));
      return req.send().compose(resp -> resp.body().map(body -> resp.statusCode()));
    }));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Descriptors of this process open on {@code file}. */
  private static long openOn(Path file) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(file);
        } catch (IOException e) {
          return false; // closed meanwhile
        }
      }).count();
    }
  }

  @Test
  void oneLinePerRequestAcrossReloadsAndNoDescriptorLeft() throws Exception {
    int backend = backend();
    Path web = dir.resolve("web.log");
    Path grid = dir.resolve("grid.log");
    hoplink = Hoplink.build(HoplinkConfig.load(config(backend, "web.log"), Main.plugins()),
        Main.plugins(), vertx);
    await(hoplink.start());
    assertEquals(200, send(http1, "web", "hello", "/a?b=c", null));
    assertEquals(502, send(http1, "web", "dead", "/", null));
    assertEquals(400, send(http1, "web", "hello", "/loop", "1.1 a, 1.1 b, 1.1 c"));
    assertEquals(200, send(h2, "grid", "hello", "/h2", null));
    poll("three lines in web.log", () -> lines(web).size() == 3);
    poll("one line in grid.log", () -> lines(grid).size() == 1);
    List<String> lines = lines(web);
    assertTrue(lines.get(0).matches("hello 127\\.0\\.0\\.1 - - \\[\\d\\d/\\d\\d/\\d{4}:\\d\\d:\\d\\d:\\d\\d"
        + " \\S+] \"GET /a\\?b=c HTTP/1\\.1\" 200 6 \"-\" \"test-agent\""), lines.get(0));
    assertTrue(lines.get(1).matches("dead 127\\.0\\.0\\.1 .* \"GET / HTTP/1\\.1\" 502 \\d+ .*"),
        lines.get(1));
    assertTrue(lines.get(2).contains("\"GET /loop HTTP/1.1\" 400 "), "refused at the door: "
        + lines.get(2));
    assertTrue(lines(grid).get(0).matches("hello(:\\d+)? 127\\.0\\.0\\.1 - - \\[\\S+ \\+0000]"
        + " \"GET /h2 HTTP/2\" 200 6 \"-\" \"test-agent\""), lines(grid).get(0));
    assertEquals(1, openOn(web));

    // The same settings: the file stays open once, and lines go on into it.
    assertTrue(await(hoplink.reload(config(backend, "web.log"), "test")).contains("nothing"));
    assertEquals(200, send(http1, "web", "hello", "/after-reload", null));
    poll("four lines", () -> lines(web).size() == 4);
    assertEquals(1, openOn(web), "one descriptor across the reload");

    // Another path: new requests go there, the old file closes once its requests have ended.
    await(hoplink.reload(config(backend, "web2.log"), "test"));
    assertEquals(200, send(http1, "web", "hello", "/moved", null));
    Path web2 = dir.resolve("web2.log");
    poll("a line in web2.log", () -> lines(web2).size() == 1);
    poll("web.log closed", () -> {
      try {
        return openOn(web) == 0;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(4, lines(web).size(), "nothing lost or written twice");
    assertTrue(lines(web2).get(0).contains("/moved"));

    // The drain writes out what is held, and closes every file.
    assertEquals(200, send(h2, "grid", "hello", "/last", null));
    await(hoplink.drain());
    hoplink = null;
    assertEquals(2, lines(grid).size());
    assertEquals(0, openOn(web2) + openOn(grid));
  }

  @Test
  void aLogThatCannotBeOpenedRefusesTheReloadAndTheOldOneWritesOn() throws Exception {
    int backend = backend();
    hoplink = Hoplink.build(HoplinkConfig.load(config(backend, "web.log"), Main.plugins()),
        Main.plugins(), vertx);
    await(hoplink.start());
    Files.writeString(dir.resolve("file"), "");
    Throwable refused = null;
    try {
      await(hoplink.reload(config(backend, "file/web.log"), "test"));
    } catch (java.util.concurrent.ExecutionException e) {
      refused = e.getCause();
    }
    assertTrue(refused != null && refused.getMessage().startsWith("router 'web': cannot open"
        + " access log " + dir.resolve("file/web.log")), String.valueOf(refused));
    assertEquals(200, send(http1, "web", "hello", "/still", null));
    poll("the old log writes on", () -> lines(dir.resolve("web.log")).size() == 1);
  }
}
