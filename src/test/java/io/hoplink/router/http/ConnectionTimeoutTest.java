package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import io.hoplink.config.ServerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionTimeoutTest {
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    proxy.close();
  }

  private void start(Duration idle, Duration life, Duration head) {
    proxy = new ProxyFixture().start(ProxyFixture.server(0, false, 1000, idle, life, head));
  }

  private void startWithBodyTimeout(Duration body) {
    proxy = new ProxyFixture().start(new ServerConfig("127.0.0.1", 0, 0, false, 1000,
        Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10), Optional.empty(), null,
        Optional.empty(), Optional.empty(), Map.of(), 0, body));
  }

  @Test
  void aRequestBodyThatStallsIsAnswered408AndNoUpstreamGetsItWhole() throws Exception {
    startWithBodyTimeout(Duration.ofMillis(300));
    try (RawClient client = proxy.connect()) {
      client.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
      RawResponse response = client.read();
      assertEquals(408, response.status());
      assertTrue(response.header("l5d-err").startsWith("request+body+stalled"),
          response.header("l5d-err"));
      assertEquals("close", response.header("connection"));
      assertTrue(client.awaitClosed());
    }
    assertTrue(proxy.backend.seen.isEmpty(), "the upstream got " + proxy.backend.seen);
  }

  @Test
  void aRequestBodyThatKeepsComingIsNotCut() throws Exception {
    startWithBodyTimeout(Duration.ofMillis(300));
    try (RawClient client = proxy.connect()) {
      client.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n");
      for (int i = 0; i < 10; i++) {
        Thread.sleep(100); // the client's pace: every pause well within the timeout
        client.send("x");
      }
      assertEquals(200, client.read().status());
    }
    assertEquals(10, proxy.backend.seen.get(0).bodyBytes());
  }

  @Test
  void slowlorisHeadIsCutOffWith408() throws Exception {
    start(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMillis(500));
    try (RawClient client = proxy.connect()) {
      Thread dripper = new Thread(() -> {
        byte[] head = "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes();
        try {
          for (int i = 0; i < 10_000; i++) {
            client.send(new byte[] {i < head.length ? head[i] : (byte) 'x'});
            Thread.sleep(50);
          }
        } catch (IOException | InterruptedException e) {
          // the router closed the connection: expected
        }
      });
      dripper.start();
      RawResponse response = client.read();
      assertEquals(408, response.status());
      assertTrue(response.header("l5d-err").contains("500"), response.header("l5d-err"));
      assertEquals("close", response.header("connection"));
      assertTrue(client.awaitClosed());
      dripper.interrupt();
    }
    assertTrue(proxy.dispatched.isEmpty());
  }

  @Test
  void headTimeoutDoesNotCutAHeadThatArrivesInTime() throws Exception {
    start(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(5));
    try (RawClient client = proxy.connect()) {
      client.send("GET / HTTP/1.1\r\n");
      client.send("Host: a\r\n\r\n");
      assertEquals(200, client.read().status());
    }
  }

  /** The head timer is moved on lazily: it counts from this head's first bytes, not an earlier one's. */
  @Test
  void aHeadIsTimedFromItsOwnFirstBytes() throws Exception {
    start(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMillis(1000));
    try (RawClient client = proxy.connect()) {
      assertEquals(200, client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
      Thread.sleep(700);
      client.send("GET / HTTP/1.1\r\n"); // its count starts here; the first head's ended at 1 s
      Thread.sleep(600);
      client.send("Host: a\r\n\r\n");
      assertEquals(200, client.read().status());
    }
  }

  /** The idle count starts anew when each response is written, however often the timer fires. */
  @Test
  void aConnectionInUseLongerThanTheIdleTimeStaysOpenThenClosesOnceQuiet() throws Exception {
    start(Duration.ofMillis(400), Duration.ZERO, Duration.ofSeconds(10));
    try (RawClient client = proxy.connect()) {
      for (int i = 0; i < 12; i++) {
        assertEquals(200, client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status(),
            "request " + i + " on the kept-alive connection");
        Thread.sleep(100);
      }
      assertTrue(client.awaitClosed());
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosed() throws Exception {
    start(Duration.ofMillis(300), Duration.ZERO, Duration.ofSeconds(10));
    try (RawClient client = proxy.connect()) {
      assertEquals(200, client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
      assertTrue(client.awaitClosed());
    }
    try (RawClient silent = proxy.connect()) {
      assertTrue(silent.awaitClosed());
    }
  }

  @Test
  void requestInFlightLongerThanIdleTimeIsNotCut() throws Exception {
    start(Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(10));
    proxy.backend.responder = (req, seen) ->
        proxy.vertx.setTimer(800, t -> req.response().end("late"));
    try (RawClient client = proxy.connect()) {
      RawResponse response = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
      assertEquals("late", response.bodyText());
    }
  }

  @Test
  void connectionPastItsLifetimeClosesAfterTheCurrentResponse() throws Exception {
    start(Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(10));
    proxy.backend.responder = (req, seen) ->
        proxy.vertx.setTimer(800, t -> req.response().end("last"));
    try (RawClient client = proxy.connect()) {
      RawResponse response = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
      assertEquals("last", response.bodyText());
      assertEquals("close", response.header("connection"));
      assertTrue(client.awaitClosed());
    }
  }

  @Test
  void idleConnectionPastItsLifetimeIsClosed() throws Exception {
    start(Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofSeconds(10));
    try (RawClient client = proxy.connect()) {
      RawResponse response = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
      assertEquals(200, response.status());
      assertTrue(client.awaitClosed());
    }
  }
}
