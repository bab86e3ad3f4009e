package io.hoplink.router.http;

import io.hoplink.router.forward.ForwardFailure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamFailureTest {
  private ProxyFixture proxy;

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void refusedConnectionFailsAsNotWrittenAndTheRequestCanBeRequeued() throws Exception {
    int closed = closedPort();
    proxy.onDispatch = exchange -> exchange.forward(proxy.upstream, "127.0.0.1", closed).onFailure(t -> {
      proxy.forwardFailures.add(t);
      proxy.forwardToBackend(exchange); // a requeue: the body is still unread
    });
    RawResponse response = proxy.exchange(
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, response.status());
    ForwardFailure failure =
        assertInstanceOf(ForwardFailure.NotSent.class, proxy.forwardFailures.get(0));
    String where = "127.0.0.1:" + closed;
    assertEquals(1, failure.getMessage().split(java.util.regex.Pattern.quote(where), -1).length - 1,
        "the address once: " + failure.getMessage());
    assertEquals(5, proxy.backend.seen.get(0).bodyBytes());
    ProxyFixture.poll("one request counted", () -> proxy.counter("requests") == 1);
    assertEquals(1, proxy.counter("status/200"));
  }

  @Test
  void refusedConnectionWithoutRequeueIsARouterError() throws Exception {
    int closed = closedPort();
    proxy.onDispatch = exchange -> exchange.forward(proxy.upstream, "127.0.0.1", closed)
        .onFailure(t -> exchange.fail(502, "connection refused"));
    RawResponse response = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(502, response.status());
    assertEquals("connection+refused", response.header("l5d-err"));
  }

  @Test
  void upstreamClosingBeforeItsResponseFailsAfterWrite() throws Exception {
    proxy.backend.responder = (req, seen) -> req.connection().close();
    RawResponse response = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(502, response.status());
    ForwardFailure failure =
        assertInstanceOf(ForwardFailure.Broken.class, proxy.forwardFailures.get(0));
    assertFalse(failure.notSent());
  }

  @Test
  void upstreamDyingMidResponseResetsTheClient() throws Exception {
    proxy.backend.responder = (req, seen) -> {
      req.response().putHeader("content-length", "100").write("only ten..");
      proxy.vertx.setTimer(50, t -> req.connection().close());
    };
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
      assertEquals(200, head.status());
      assertTrue(client.awaitClosed());
    }
    ProxyFixture.poll("forward failure", () -> !proxy.forwardFailures.isEmpty());
    ForwardFailure failure =
        assertInstanceOf(ForwardFailure.Broken.class, proxy.forwardFailures.get(0));
    assertTrue(failure.upstreamFault()); // broke off mid-response: the client was reset
    ProxyFixture.poll("failure counted", () -> proxy.counter("failures") == 1);
    assertEquals(0, proxy.counter("success"));
  }

  @Test
  void clientGoingAwayMidResponseResetsTheUpstream() throws Exception {
    AtomicBoolean upstreamClosed = new AtomicBoolean();
    AtomicInteger chunks = new AtomicInteger();
    proxy.backend.responder = (req, seen) -> {
      req.response().setChunked(true).closeHandler(v -> upstreamClosed.set(true));
      long timer = proxy.vertx.setPeriodic(10, t -> {
        if (!req.response().closed()) {
          req.response().write(Buffer.buffer("chunk " + chunks.incrementAndGet() + "\n"));
        }
      });
      req.connection().closeHandler(v -> proxy.vertx.cancelTimer(timer));
    };
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
      assertTrue(head.chunked());
      ProxyFixture.poll("a few chunks", () -> chunks.get() > 3);
    }
    ProxyFixture.poll("upstream reset", upstreamClosed::get);
    ProxyFixture.poll("nothing pending", () -> proxy.gauge("pending").intValue() == 0);
    assertEquals(1, proxy.counter("failures"));
    ProxyFixture.poll("forward failure", () -> !proxy.forwardFailures.isEmpty());
    assertNotNull(assertInstanceOf(ForwardFailure.Broken.class, proxy.forwardFailures.get(0)));
  }

  @Test
  void keepAliveConnectionToTheUpstreamIsReused() throws Exception {
    AtomicInteger upstreamConnections = new AtomicInteger();
    java.util.Set<Object> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    proxy.backend.responder = (req, s) -> {
      if (seen.add(req.connection())) {
        upstreamConnections.incrementAndGet();
      }
      req.response().end("ok");
    };
    int requests = 8;
    for (int i = 0; i < requests; i++) {
      assertEquals(200, proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status());
    }
    // The frontend serves from one event loop per core, and an upstream connection belongs to
    // an event loop: serial requests reuse at most one connection per loop, never one each.
    int loops = Runtime.getRuntime().availableProcessors();
    assertTrue(upstreamConnections.get() <= Math.min(loops, requests - 1),
        upstreamConnections.get() + " upstream connections for " + requests + " requests");
  }

  @Test
  void malformedChunkAfterDispatchNeverCompletesTheUpstreamRequest() throws Exception {
    AtomicBoolean upstreamClosed = new AtomicBoolean();
    AtomicInteger upstreamBytes = new AtomicInteger();
    AtomicBoolean upstreamEnded = new AtomicBoolean();
    proxy.backend.handler = req -> {
      req.handler(buf -> upstreamBytes.addAndGet(buf.length()));
      req.endHandler(v -> upstreamEnded.set(true));
      req.connection().closeHandler(v -> upstreamClosed.set(true));
    };
    try (RawClient client = proxy.connect()) {
      client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3\r\nabc\r\n");
      ProxyFixture.poll("first chunk upstream", () -> upstreamBytes.get() == 3);
      client.send("zz\r\nnot hex\r\n0\r\n\r\n");
      assertTrue(client.awaitClosed());
    }
    ProxyFixture.poll("upstream reset", upstreamClosed::get);
    assertFalse(upstreamEnded.get(), "a truncated body must not look complete upstream");
    ProxyFixture.poll("counted", () -> proxy.counter("requests") == 1);
    assertEquals(0, proxy.gauge("pending").intValue());
  }
}
