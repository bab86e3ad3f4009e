package io.hoplink.router.admin;

import static io.hoplink.router.admin.AdminFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounds of asking a peer's admin port, against real servers on loopback. */
class PeerAdminClientTest {
  /** Long enough for a cold JVM's first request; the timeout tests use {@link #SHORT}. */
  private static final PeerLimits LIMITS = new PeerLimits(256, Duration.ofSeconds(10), 1000, 4,
      Duration.ofSeconds(5));
  private static final PeerLimits SHORT = new PeerLimits(256, Duration.ofMillis(300), 1000, 4,
      Duration.ofSeconds(5));

  private final Vertx vertx = Vertx.vertx();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private PeerAdminClient client;

  @AfterEach
  void close() throws Exception {
    if (client != null) {
      client.close();
    }
    await(vertx.close());
  }

  /** A peer admin on 127.0.0.1 that records each request's method and path and then answers. */
  private int peer(Handler<HttpServerRequest> answer) throws Exception {
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      seen.add(request.method() + " " + request.uri());
      answer.handle(request);
    }).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private Future<Object> ask(int port) {
    return ask(port, LIMITS);
  }

  private Future<Object> ask(int port, PeerLimits limits) {
    if (client != null) {
      client.close();
    }
    client = new PeerAdminClient(vertx, port, limits, Optional.empty());
    return client.fetch("127.0.0.1");
  }

  private static String failure(Future<Object> answer) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(answer));
    return e.getCause().getMessage();
  }

  @Test
  void asksOnlyTheFixedPathAndReadsTheJson() throws Exception {
    int port = peer(r -> r.response().end("{\"node\":\"node-b\",\"t\":1,\"edges\":[]}"));
    assertEquals(Map.of("node", "node-b", "t", 1, "edges", List.of()), await(ask(port)));
    assertEquals(List.of("GET " + LocalGraph.PATH), seen);
  }

  @Test
  void theAnswerIsDecodedAndHandedOnOffTheEventLoops() throws Exception {
    int port = peer(r -> r.response().end("{\"node\":\"node-b\",\"t\":1,\"edges\":[]}"));
    CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();
    ask(port).onComplete(r -> onEventLoop.complete(Context.isOnEventLoopThread()));
    assertFalse(onEventLoop.get(10, TimeUnit.SECONDS), "a peer's graph read on an event loop");
  }

  @Test
  void aPeerThatNeverAnswersTimesOut() throws Exception {
    int port = peer(r -> { }); // holds the request
    long start = System.nanoTime();
    assertEquals("no answer within 300 ms", failure(ask(port, SHORT)));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
  }

  @Test
  void aPeerThatStopsHalfWayTimesOut() throws Exception {
    int port = peer(r -> r.response().setChunked(true).write("{\"edges\": ["));
    await(ask(peer(r -> r.response().end("{}")))); // warm: the headers come within 300 ms
    assertEquals("no answer within 300 ms", failure(ask(port, SHORT)));
    assertEquals(List.of("GET " + LocalGraph.PATH, "GET " + LocalGraph.PATH), seen);
  }

  @Test
  void anAnswerOverTheCapIsDroppedWhetherItsLengthIsSaidOrNot() throws Exception {
    int said = peer(r -> r.response().end(Buffer.buffer(new byte[2000])));
    assertEquals("dropped: an answer of 2000 bytes is over 1000", failure(ask(said)));
    int chunked = peer(r -> {
      r.response().setChunked(true);
      for (int i = 0; i < 20; i++) {
        r.response().write(Buffer.buffer(new byte[100]));
      }
      r.response().end();
    });
    assertEquals("dropped: the answer is over 1000 bytes", failure(ask(chunked)));
  }

  @Test
  void notFoundGarbageAndRedirectsAreFailuresAndNoRedirectIsFollowed() throws Exception {
    int elsewhere = peer(r -> r.response().end("{}"));
    int notFound = peer(r -> r.response().setStatusCode(404).end("{\"error\":\"not found\"}"));
    assertEquals("answered 404", failure(ask(notFound)));
    int garbage = peer(r -> r.response().end("<html>"));
    assertTrue(failure(ask(garbage)).startsWith("not JSON"));
    int redirect = peer(r -> r.response().setStatusCode(302)
        .putHeader("Location", "http://127.0.0.1:" + elsewhere + "/admin/shutdown").end());
    assertEquals("answered 302 (a redirect, not followed)", failure(ask(redirect)));
    assertEquals(3, seen.size(), "the redirect's target was never asked: " + seen);
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    assertTrue(failure(ask(closed)).startsWith("unreachable: "));
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  /** admin.tls with the mesh CA: a peer whose certificate it signed is read over TLS. */
  @Test
  void withAdminTlsAPeerIsAskedOverTlsAndItsCertificateMustChainToTheCa() throws Exception {
    io.hoplink.router.tls.TestCerts certs = new io.hoplink.router.tls.TestCerts(dir);
    certs.ca("mesh");
    certs.ca("other");
    certs.leaf("peer", "l5d.mesh", "mesh");
    certs.leaf("self", "l5d.mesh", "mesh");
    certs.leaf("stranger", "l5d.mesh", "other");
    io.hoplink.config.ServerTlsConfig own = new io.hoplink.config.ServerTlsConfig(
        certs.pem("self").toString(), certs.keyOf("self").toString(),
        Optional.of(certs.pem("mesh").toString()), Optional.empty(), true, List.of(), List.of());
    int peer = tlsPeer(certs, "peer");
    client = new PeerAdminClient(vertx, peer, LIMITS, Optional.of(own));
    assertEquals(Map.of("t", 1, "edges", List.of()), await(client.fetch("127.0.0.1")));
    client.close();
    int stranger = tlsPeer(certs, "stranger");
    client = new PeerAdminClient(vertx, stranger, LIMITS, Optional.of(own));
    assertTrue(failure(client.fetch("127.0.0.1")).startsWith("unreachable: "));
  }

  /** An HTTPS peer admin with {@code name}'s certificate that wants the mesh CA's clients. */
  private int tlsPeer(io.hoplink.router.tls.TestCerts certs, String name) throws Exception {
    io.vertx.core.http.HttpServerOptions options = io.hoplink.router.tls.TlsOptions.server(
        new io.vertx.core.http.HttpServerOptions(), new io.hoplink.config.ServerTlsConfig(
            certs.pem(name).toString(), certs.keyOf(name).toString(),
            Optional.of(certs.pem("mesh").toString()), Optional.empty(), true, List.of(),
            List.of()), false);
    return await(vertx.createHttpServer(options)
        .requestHandler(r -> r.response().end("{\"t\":1,\"edges\":[]}"))
        .listen(0, "127.0.0.1")).actualPort();
  }

  @Test
  void noPeerIsAskedWithoutAPortOrWithTlsWithoutACaToCheckItBy() throws Exception {
    client = new PeerAdminClient(vertx, 0, LIMITS, Optional.empty());
    assertTrue(failure(client.fetch("127.0.0.1")).contains("port 0"));
    client.close();
    client = new PeerAdminClient(vertx, 9990, LIMITS, Optional.of(
        new io.hoplink.config.ServerTlsConfig("/nope.crt", "/nope.key", Optional.empty(),
            Optional.empty(), false, List.of(), List.of())));
    assertEquals("not asked: admin.tls has no caCertPath to check the peer's certificate against",
        failure(client.fetch("127.0.0.1")));
  }
}
