package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.transformers.TransformerContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code client.protocol}: an h2 router forwards to HTTP/1.1-only backends, an http router to
 * h2c-only ones, framing each hop as its protocol needs and never carrying connection headers
 * into HTTP/2.
 */
class ClientProtocolTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<RouterStack> stacks = new ArrayList<>();
  /** What the backends saw: one entry per request. */
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

  private record Seen(HttpVersion version, String authority, MultiMap headers, String body) {}

  @AfterEach
  void stop() throws Exception {
    stacks.forEach(RouterStack::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int router(String yaml) throws Exception {
    RouterConfig config = HoplinkConfig.load(yaml, Main.plugins()).routers().get(0);
    ConfiguredNamersInterpreter interpreter = new ConfiguredNamersInterpreter(Map.of());
    RouterStack stack = RouterStack.build(config, Main.plugins(), interpreter,
        TransformerContext.system(() -> interpreter), vertx, Metrics.newTree(),
        Listeners.ofThisMachine());
    stacks.add(stack);
    Frontend frontend = await(stack.startServer(config.servers().get(0)));
    return frontend.actualPort();
  }

  /**
   * A backend that records each request and answers {@code <version> <body length>}, chunked
   * with a trailer when the request asks for it, with connection headers of HTTP/1.1.
   */
  private int backend(boolean h2c) throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(h2c))
        .requestHandler(req -> req.body().onSuccess(body -> answer(req, body)));
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  private void answer(HttpServerRequest req, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
    seen.add(new Seen(req.version(), req.authority() == null ? null : req.authority().toString(),
        headers, body.toString()));
    var response = req.response();
    if (req.version() != HttpVersion.HTTP_2) {
      response.putHeader("connection", "keep-alive").putHeader("keep-alive", "timeout=30");
    }
    if (req.getHeader("x-want-trailer") != null) {
      response.setChunked(true).write(req.version() + " ");
      response.trailers().set("x-checksum", Integer.toString(body.length()));
      response.end(Integer.toString(body.length()));
    } else {
      response.end(req.version() + " " + body.length());
    }
  }

  /** An h2 router whose clients speak HTTP/1.1: {@code /svc/old} is the backend. */
  private int h2RouterToHttp1(int backend) throws Exception {
    return router("""
        routers:
        - protocol: h2
          dtab: /svc/old => /$/inet/127.0.0.1/%d;
          client: {protocol: http}
          servers: [{port: 0}]
        """.formatted(backend));
  }

  private HttpClient h2Client() {
    return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
  }

  private record Reply(int status, MultiMap headers, String body, MultiMap trailers) {}

  private Reply send(HttpClient client, int port, HttpMethod method, String host, MultiMap headers,
      List<String> chunks) throws Exception {
    Promise<Reply> reply = Promise.promise();
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method)
            .setURI("/x").setHeaders(headers))
        .onFailure(reply::fail)
        .onSuccess(req -> {
          req.authority(HostAndPort.authority(host));
          req.response().compose(resp -> resp.body().map(body -> new Reply(resp.statusCode(),
                  resp.headers(), body.toString(), resp.trailers())))
              .onComplete(reply);
          if (chunks.isEmpty()) {
            req.end();
          } else {
            if (!headers.contains("content-length")) {
              req.setChunked(true);
            }
            chunks.forEach(req::write);
            req.end();
          }
        });
    return await(reply.future());
  }

  private Seen seen() throws InterruptedException {
    Seen s = seen.poll(10, TimeUnit.SECONDS);
    assertTrue(s != null, "the backend saw no request");
    return s;
  }

  @Test
  void anH2RouterWithProtocolHttpReachesAnHttp11OnlyBackendWithEachBodyFramed() throws Exception {
    int backend = backend(false);
    int h2 = h2RouterToHttp1(backend);
    HttpClient client = h2Client();

    Reply get = send(client, h2, HttpMethod.GET, "old", MultiMap.caseInsensitiveMultiMap(), List.of());
    assertEquals(200, get.status());
    assertEquals("HTTP_1_1 0", get.body(), "the last hop speaks HTTP/1.1");
    Seen plain = seen();
    assertEquals("old", plain.authority(), ":authority became Host");
    assertNull(plain.headers().get("transfer-encoding"), "a request without a body is not chunked");
    assertNull(plain.headers().get("content-length"));
    assertFalse(get.headers().contains("connection"), "connection headers never go into HTTP/2");
    assertFalse(get.headers().contains("keep-alive"));

    Reply sized = send(client, h2, HttpMethod.POST, "old",
        MultiMap.caseInsensitiveMultiMap().add("content-length", "10"), List.of("hello", "world"));
    assertEquals("HTTP_1_1 10", sized.body());
    Seen fixed = seen();
    assertEquals("10", fixed.headers().get("content-length"));
    assertNull(fixed.headers().get("transfer-encoding"));
    assertEquals("helloworld", fixed.body());

    Reply streamed = send(client, h2, HttpMethod.POST, "old",
        MultiMap.caseInsensitiveMultiMap().add("x-want-trailer", "1"), List.of("abc", "defg"));
    assertEquals("HTTP_1_1 7", streamed.body());
    assertEquals("7", streamed.trailers().get("x-checksum"), "HTTP/1.1 trailers reach HTTP/2");
    Seen chunked = seen();
    assertEquals("chunked", chunked.headers().get("transfer-encoding"), "no length: chunked");
    assertEquals("abcdefg", chunked.body());
  }

  @Test
  void anHttpRouterWithProtocolH2ReachesAnH2cOnlyBackend() throws Exception {
    int backend = backend(true);
    int http = router("""
        routers:
        - protocol: http
          dtab: /svc/new => /$/inet/127.0.0.1/%d;
          client: {protocol: h2}
          servers: [{port: 0}]
        """.formatted(backend));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));

    Reply get = send(client, http, HttpMethod.GET, "new",
        MultiMap.caseInsensitiveMultiMap().add("connection", "keep-alive, x-hop")
            .add("x-hop", "1").add("keep-alive", "timeout=5"), List.of());
    assertEquals(200, get.status());
    assertEquals("HTTP_2 0", get.body(), "the last hop speaks HTTP/2");
    Seen first = seen();
    assertEquals("new", first.authority(), "Host became :authority");
    assertNull(first.headers().get("host"));
    assertNull(first.headers().get("x-hop"), "what Connection names stays on its hop");
    assertNull(first.headers().get("keep-alive"));

    Reply streamed = send(client, http, HttpMethod.POST, "new",
        MultiMap.caseInsensitiveMultiMap().add("x-want-trailer", "1"), List.of("abc", "defg"));
    assertEquals("HTTP_2 7", streamed.body());
    assertEquals("7", streamed.trailers().get("x-checksum"), "HTTP/2 trailers reach HTTP/1.1");
    assertEquals("abcdefg", seen().body());
  }

  @Test
  void theProtocolIsChosenPerClientByPrefix() throws Exception {
    int old = backend(false);
    int fresh = backend(true);
    int h2 = router("""
        routers:
        - protocol: h2
          dtab: |
            /svc/old => /$/inet/127.0.0.1/%d;
            /svc/new => /$/inet/127.0.0.1/%d;
          client:
            kind: io.l5d.static
            configs:
            - prefix: /$/inet/127.0.0.1/%d
              protocol: http
          servers: [{port: 0}]
        """.formatted(old, fresh, old));
    HttpClient client = h2Client();
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < 3; i++) {
      assertEquals("HTTP_1_1 0", send(client, h2, HttpMethod.GET, "old", none, List.of()).body());
      assertEquals("HTTP_2 0", send(client, h2, HttpMethod.GET, "new", none, List.of()).body());
    }
  }

  @Test
  void aClientResetOverAnHttp11UpstreamClosesThatUpstreamConnection() throws Exception {
    Promise<HttpServerRequest> arrived = Promise.promise();
    Promise<Void> closed = Promise.promise();
    HttpServer slow = vertx.createHttpServer().requestHandler(req -> {
      req.connection().closeHandler(v -> closed.tryComplete());
      arrived.tryComplete(req); // never answers
    });
    int backend = await(slow.listen(0, "127.0.0.1")).actualPort();
    int h2 = h2RouterToHttp1(backend);
    HttpClientRequest request = await(h2Client().request(new RequestOptions().setHost("127.0.0.1")
        .setPort(h2).setURI("/slow")));
    request.authority(HostAndPort.authority("old"));
    request.response().onComplete(ar -> { });
    await(request.end());
    await(arrived.future());
    await(request.reset());
    await(closed.future()); // the router gave the connection up instead of pooling it
  }

  @Test
  void withoutTheKeyAnHttpRouterReachesAnH2cBackendThroughAnH2RoutersPort() throws Exception {
    int backend = backend(true);
    int h2 = router("""
        routers:
        - protocol: h2
          dtab: /svc/new => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(backend));
    int http = router("""
        routers:
        - protocol: http
          dtab: /svc/new => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(h2));

    Reply reply = send(vertx.createHttpClient(), http, HttpMethod.GET, "new",
        MultiMap.caseInsensitiveMultiMap(), List.of());
    assertEquals("HTTP_2 0", reply.body(), "the last hop speaks HTTP/2");
    assertEquals("new", seen().authority());
  }

  @Test
  void requestsAbandonedBeforeTheirH2cStreamOpenedGiveTheStreamBack() throws Exception {
    HttpServer backend = vertx.createHttpServer(new HttpServerOptions()
            .setHttp2ClearTextEnabled(true)
            .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(4)))
        .requestHandler(req -> req.response().end("ok"));
    int port = await(backend.listen(0, "127.0.0.1")).actualPort();
    int http = router("""
        routers:
        - protocol: http
          dtab: /svc/new => /$/inet/127.0.0.1/%d;
          client: {protocol: h2}
          servers: [{port: 0}]
        """.formatted(port));
    // Each client sends its request and goes away in the same breath: the router learns of it
    // before its upstream stream is ready. Three times the upstream streams (2 connections of 4).
    for (int i = 0; i < 24; i++) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http)) {
        socket.getOutputStream().write("GET /gone HTTP/1.1\r\nHost: new\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.setSoLinger(true, 0); // a reset, at once
      }
    }
    Reply after = send(vertx.createHttpClient(), http, HttpMethod.GET, "new",
        MultiMap.caseInsensitiveMultiMap(), List.of());
    assertEquals("ok", after.body());
  }
}
