package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainTest {
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void drainRefusesNewConnectionsAndLetsTheInFlightRequestFinish() throws Exception {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
    int port = proxy.frontend().actualPort();
    AtomicReference<HttpServerRequest> held = new AtomicReference<>();
    AtomicReference<Context> heldContext = new AtomicReference<>();
    proxy.backend.handler = req -> {
      heldContext.set(Vertx.currentContext());
      held.set(req);
    };
    try (RawClient slow = proxy.connect(); RawClient idle = proxy.connect()) {
      slow.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
      ProxyFixture.poll("request held upstream", () -> held.get() != null);

      Future<Void> drained = proxy.frontend().drain(Duration.ofSeconds(20));
      ProxyFixture.poll("new connections refused", () -> refused(port));
      assertTrue(idle.awaitClosed(), "idle connection closed");
      assertTrue(!drained.isComplete(), "drain waits for the in-flight request");

      heldContext.get().runOnContext(v -> held.get().response().end("finished"));
      RawResponse response = slow.read();
      assertEquals("finished", response.bodyText());
      assertEquals("close", response.header("connection"));
      assertTrue(slow.awaitClosed());
      ProxyFixture.await(drained);
    }
    ProxyFixture.poll("request counted", () -> proxy.counter("requests") == 1);
    assertEquals(1, proxy.counter("status/200"), "failures: " + proxy.counter("failures"));
  }

  @Test
  void aRequestWhoseHeadIsArrivingWhenTheDrainStartsIsAnsweredWithConnectionClose()
      throws Exception {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
    proxy.backend.handler = req -> req.response().end("served");
    try (RawClient keepAlive = proxy.connect()) {
      keepAlive.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals("served", keepAlive.read().bodyText());
      keepAlive.send("GET /second HTTP/1.1\r\nHost: a\r\n"); // the head, not yet its end
      int port = proxy.frontend().actualPort();
      ProxyFixture.poll("the head's first bytes read", () -> keepAlive.serverHasReadAll(port));

      Future<Void> drained = proxy.frontend().drain(Duration.ofSeconds(20));
      keepAlive.send("\r\n");
      RawResponse response = keepAlive.read();
      assertEquals(200, response.status());
      assertEquals("served", response.bodyText());
      assertEquals("close", response.header("connection"));
      assertTrue(keepAlive.awaitClosed());
      ProxyFixture.await(drained);
    }
  }

  @Test
  void aKeepAliveClientsNextRequestRightAfterTheDrainBeganIsAnswered() throws Exception {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
    proxy.backend.handler = req -> req.response().end("served");
    try (RawClient keepAlive = proxy.connect()) {
      keepAlive.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals("served", keepAlive.read().bodyText());
      Future<Void> drained = proxy.frontend().drain(Duration.ofSeconds(20));
      keepAlive.send("GET /second HTTP/1.1\r\nHost: a\r\n\r\n");
      RawResponse response = keepAlive.read();
      assertEquals(200, response.status());
      assertEquals("close", response.header("connection"));
      assertTrue(keepAlive.awaitClosed());
      ProxyFixture.await(drained);
    }
  }

  private static boolean refused(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
