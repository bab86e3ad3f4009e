package io.hoplink.router.http;

import io.hoplink.router.forward.Exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterErrorTest {
  private ProxyFixture proxy;

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void failAnswersWithStatusL5dErrAndTextBodyAndKeepsTheConnection() throws Exception {
    proxy.onDispatch = exchange -> {
      if (exchange.path().equals("/bad")) {
        exchange.setResponseHeader("l5d-success-class", "0.0");
        exchange.fail(503, "no endpoints for /svc/hello\r\nsecond line");
      } else {
        proxy.forwardToBackend(exchange);
      }
    };
    try (RawClient client = proxy.connect()) {
      RawResponse error = client.send("GET /bad HTTP/1.1\r\nHost: a\r\n\r\n").read();
      assertEquals(503, error.status());
      assertEquals("no+endpoints+for+%2Fsvc%2Fhello++second+line", error.header("l5d-err"));
      assertTrue(error.header("content-type").startsWith("text/plain"));
      assertEquals("no endpoints for /svc/hello  second line\n", error.bodyText());
      assertEquals("0.0", error.header("l5d-success-class"));
      assertNull(error.header("connection"));
      assertEquals(200, client.send("GET /good HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
    }
  }

  @Test
  void failWithTheRequestBodyUnreadClosesTheConnection() throws Exception {
    proxy.onDispatch = exchange -> exchange.fail(400, "bad dtab");
    try (RawClient client = proxy.connect()) {
      RawResponse error = client.send(
          "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello").read();
      assertEquals(400, error.status());
      assertEquals("close", error.header("connection"));
      assertTrue(client.awaitClosed());
    }
  }

  @Test
  void dispatcherThatThrowsGives502() throws Exception {
    proxy.onDispatch = exchange -> {
      throw new IllegalStateException("boom");
    };
    RawResponse response = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(502, response.status());
    assertTrue(response.header("l5d-err").contains("boom"));
  }

  @Test
  void failAfterTheResponseStartedResetsTheConnectionAndEndsOnce() throws Exception {
    AtomicReference<Exchange> exchange = new AtomicReference<>();
    AtomicReference<Context> context = new AtomicReference<>();
    proxy.onDispatch = ex -> {
      exchange.set(ex);
      context.set(Vertx.currentContext());
      proxy.forwardToBackend(ex);
    };
    proxy.backend.responder = (req, seen) ->
        req.response().setChunked(true).write(Buffer.buffer("first part"));
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
      assertEquals(200, head.status());
      context.get().runOnContext(v -> {
        exchange.get().fail(504, "too slow");
        exchange.get().fail(502, "again"); // ignored: the exchange has ended
      });
      assertTrue(client.awaitClosed());
    }
    ProxyFixture.poll("counted once", () -> proxy.counter("requests") == 1);
    assertEquals(1, proxy.counter("failures"));
    assertEquals(0, proxy.counter("status/504"));
    assertTrue(exchange.get().ended());
  }
}
