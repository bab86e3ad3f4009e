package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.http.HttpLimits;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Near the direct-memory ceiling a new request is answered 503 at once, never dispatched. */
class LowMemoryTest {
  private static final long CEILING = 64L << 20;
  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong used = new AtomicLong();
  private Frontend frontend;

  @BeforeEach
  void start() throws Exception {
    Dispatcher notFound = exchange -> exchange.fail(404, "no route in this test");
    frontend = FrontendImpl.start(vertx, ServerConfig.defaults(0),
        ServerOptions.http1(ServerConfig.defaults(0), HttpLimits.defaults()), true, 1, notFound,
        Metrics.newTree(),
        new MemoryGate(used::get, CEILING)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String get() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", frontend.actualPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(
          "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] head = new byte[512];
      int n = in.read(head);
      return new String(head, 0, Math.max(0, n), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void pastThreeQuartersOfTheCeilingRequestsGet503AndTheirConnectionCloses() throws Exception {
    assertTrue(get().startsWith("HTTP/1.1 404 "), "dispatched while memory is plentiful");
    used.set(CEILING - (1 << 20));
    String refused = get();
    assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
    assertTrue(refused.toLowerCase().contains("connection: close"), refused);
    assertTrue(refused.contains("router+low+on+memory"), refused);
    used.set(0);
    assertTrue(get().startsWith("HTTP/1.1 404 "), "served again once memory is freed");
  }
}
