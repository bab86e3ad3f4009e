package io.hoplink.router.h2;

import static io.hoplink.router.h2.H2Frames.ACK;
import static io.hoplink.router.h2.H2Frames.END_HEADERS;
import static io.hoplink.router.h2.H2Frames.END_STREAM;
import static io.hoplink.router.h2.H2Frames.HEADERS;
import static io.hoplink.router.h2.H2Frames.PING;
import static io.hoplink.router.h2.H2Frames.REFUSED_STREAM;
import static io.hoplink.router.h2.H2Frames.RST_STREAM;
import static io.hoplink.router.h2.H2Frames.SETTINGS;
import static io.hoplink.router.h2.H2Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.H2ServerParams;
import io.hoplink.config.ServerConfig;
import io.netty.handler.codec.http2.Http2Headers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An h2 router's port against hostile or odd clients: HTTP/2 heads that an HTTP/1.1 hop would
 * misread, clients that never acknowledge SETTINGS, long pauses under an idle timeout, and the
 * HTTP/1.1 side of the same port held to the http router's request-head rules.
 */
class H2HardeningTest {
  private final Vertx backendVertx = Vertx.vertx();
  /** What the backend saw of each request: {@code <method> <authority> <path>}. */
  private final Queue<String> seen = new ConcurrentLinkedQueue<>();
  private HttpServer backend;
  private H2Fixture router;
  private H2Frames client;

  @BeforeEach
  void startBackend() throws Exception {
    backend = backendVertx.createHttpServer().requestHandler(request -> {
      seen.add(request.method() + " " + request.authority() + " " + request.uri());
      switch (request.path()) {
        case "/slow-head" -> backendVertx.setTimer(2000, t -> request.response().end("late"));
        case "/late" -> backendVertx.setTimer(1500, t -> request.response().end("late"));
        case "/slow-body" -> {
          request.response().setChunked(true).write("first ");
          backendVertx.setTimer(2000, t -> request.response().end("last"));
        }
        case "/held" -> { } // never answered
        default -> request.response().end("ok");
      }
    });
    backend.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (router != null) {
      router.close();
    }
    backendVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void start(Duration idle, H2ServerParams params) {
    ServerConfig server = new ServerConfig("127.0.0.1", 0, 0, false, 10, idle, Duration.ZERO,
        Duration.ofSeconds(10), false, null, Optional.empty(), Optional.of(params), Map.of());
    router = H2Fixture.forwardingTo(server, exchange -> backend.actualPort());
  }

  private void start() throws IOException {
    start(Duration.ofSeconds(60), H2ServerParams.defaults());
    client = H2Frames.connect(router.port());
    client.handshake();
  }

  private Http2Headers get(int streamId, String method, String path, String... headers)
      throws IOException {
    client.write(frame(HEADERS, END_HEADERS | END_STREAM, streamId,
        client.requestBlock(method, path, headers)));
    return client.responseHeaders(streamId);
  }

  @Test
  void theStreamLimitHoldsBeforeTheClientAcknowledgesTheSettings() throws Exception {
    start(Duration.ofSeconds(60), new H2ServerParams(5, 65_535, 8192, 4096, 16_384));
    client = H2Frames.connect(router.port());
    client.readUntil("the server's SETTINGS", f -> f.type() == SETTINGS && !f.has(ACK));
    for (int i = 1; i <= 8; i++) { // never acknowledged: a hostile client's view of the limit
      client.write(frame(HEADERS, END_HEADERS | END_STREAM, 2 * i - 1,
          client.requestBlock("GET", "/held")));
    }
    int refused = 0;
    for (int i = 0; i < 3; i++) {
      H2Frames.Frame reset = client.readUntil("a reset", f -> f.type() == RST_STREAM);
      assertEquals(REFUSED_STREAM, reset.errorCode());
      refused++;
    }
    assertEquals(3, refused);
    H2Fixture.await("5 streams at the backend", () -> seen.size() == 5);
    assertEquals(5, router.frontend.openStreams());
  }

  @Test
  void anIdleTimeoutSparesAConnectionWhoseResponseIsLateOrPaused() throws Exception {
    start(Duration.ofSeconds(1), H2ServerParams.defaults());
    client = H2Frames.connect(router.port());
    client.handshake();
    assertEquals("200", String.valueOf(get(1, "GET", "/slow-head").status()));
    assertEquals("200", String.valueOf(get(3, "GET", "/slow-body").status()));
    client.readUntil("the end of stream 3", f -> f.streamId() == 3 && f.has(END_STREAM));
    // With nothing open, the same connection is idle and closed, a timeout after its last
    // stream ended (not after the client last sent something, which was 2 s before that).
    assertClosedAnIdleTimeoutLater("the last stream ended");
  }

  /**
   * The client's last frame came 1.5 s before its stream ended: the timeout of 1 s counts from
   * the end (the server's timer over reads alone would fire half a second after it).
   */
  @Test
  void theIdleTimeoutCountsFromTheEndOfTheLastStream() throws Exception {
    start(Duration.ofSeconds(1), H2ServerParams.defaults());
    client = H2Frames.connect(router.port());
    client.handshake();
    assertEquals("200", String.valueOf(get(1, "GET", "/late").status()));
    client.readUntil("the end of stream 1", f -> f.streamId() == 1 && f.has(END_STREAM));
    assertClosedAnIdleTimeoutLater("the last stream ended");
  }

  @Test
  void aClientThatKeepsSendingIsNotIdleAndOneThatStopsIs() throws Exception {
    start(Duration.ofSeconds(1), H2ServerParams.defaults());
    client = H2Frames.connect(router.port());
    client.handshake();
    assertEquals("200", String.valueOf(get(1, "GET", "/").status()));
    for (int i = 0; i < 8; i++) { // 2.4 s of PINGs and no stream: the client is still there
      client.write(frame(PING, 0, 0, new byte[8]));
      client.readUntil("the PING's ack", f -> f.type() == PING && f.has(ACK));
      Thread.sleep(300);
    }
    assertEquals("200", String.valueOf(get(3, "GET", "/").status()));
    assertClosedAnIdleTimeoutLater("the client went quiet");
  }

  /** The router closes the connection about a timeout of 1 s from now: 0.8 s at least. */
  private void assertClosedAnIdleTimeoutLater(String since) throws IOException {
    long start = System.nanoTime();
    client.readToClose();
    long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(closedAfterMs >= 800 && closedAfterMs < 5000, "closed " + closedAfterMs
        + " ms after " + since + ", with an idle timeout of 1000 ms");
  }

  @Test
  void connectIsRefusedWith405() throws Exception {
    start();
    client.write(frame(HEADERS, END_HEADERS, 1, client.connectBlock("127.0.0.1:22")));
    assertEquals("405", String.valueOf(client.responseHeaders(1).status()));
    assertEquals(List.of(), List.copyOf(seen));
  }

  @Test
  void crOrLfInAHeaderValueIsRefusedWith400() throws Exception {
    start();
    assertEquals("400", String.valueOf(get(1, "GET", "/x", "x-foo", "a\r\nx-inj: 1").status()));
    assertEquals("400", String.valueOf(get(3, "GET", "/x", "x-foo", "a\u0000b").status()));
    assertEquals("200", String.valueOf(get(5, "GET", "/fine").status()));
    assertEquals(List.of("GET 127.0.0.1 /fine"), List.copyOf(seen));
  }

  @Test
  void controlBytesInThePathAreRefusedWith400() throws Exception {
    start();
    assertEquals("400", String.valueOf(get(1, "GET", "/a\u0000b").status()));
    assertEquals("400", String.valueOf(get(3, "GET", "/a b").status()));
    assertEquals("400", String.valueOf(get(5, "GET", "no-slash").status()));
    assertEquals(List.of(), List.copyOf(seen));
  }

  /** One HTTP/1.1 exchange on a fresh connection to the h2 port: what came back, to the close. */
  private String http1(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", router.port()), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(out); // every request here ends with the server's close
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void http1OnTheH2PortFollowsTheHttpRoutersHeadRules() throws Exception {
    start();
    String smuggled = http1("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n"
        + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
    assertTrue(smuggled.startsWith("HTTP/1.1 400"), smuggled);
    assertEquals(1, smuggled.split("HTTP/1.1 ").length - 1, "one answer, then the close: "
        + smuggled);
    assertTrue(http1("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").startsWith("HTTP/1.1 400"));
    assertTrue(http1("GET * HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 400"));
    assertTrue(http1("CONNECT a:22 HTTP/1.1\r\nHost: a:22\r\n\r\n").startsWith("HTTP/1.1 405"));
    assertTrue(http1("GET http://u:p@a/ HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 400"));
    assertEquals(List.of(), List.copyOf(seen), "nothing refused reached the backend");

    String absolute = http1("GET http://other:1234/x?y=1 HTTP/1.1\r\nHost: a\r\n"
        + "Connection: close\r\n\r\n");
    assertTrue(absolute.startsWith("HTTP/1.1 200"), absolute);
    assertEquals(List.of("GET other:1234 /x?y=1"), List.copyOf(seen),
        "absolute-form went on as origin-form, with its authority");
  }

  @Test
  void aMalformedChunkOnTheH2PortsHttp1SideIsAnswered400() throws Exception {
    start();
    String response = http1("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\nzz\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n\r\n0\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), "'" + response + "'");
    assertEquals(1, response.split("HTTP/1.1 ").length - 1, "one answer, then the close: "
        + response);
    assertTrue(seen.stream().noneMatch(s -> s.contains("/smuggled")), seen.toString());
  }
}
