package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadSheddingTest {
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void requestsBeyondMaxConcurrentRequestsGetAFast503() throws Exception {
    proxy = new ProxyFixture().start(ProxyFixture.server(2, false, 1000,
        Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10)));
    List<Map.Entry<HttpServerRequest, Context>> held = new CopyOnWriteArrayList<>();
    proxy.backend.handler = req -> held.add(Map.entry(req, Vertx.currentContext()));
    try (RawClient first = proxy.connect(); RawClient second = proxy.connect()) {
      first.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
      second.send("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
      ProxyFixture.poll("two requests held upstream", () -> held.size() == 2);
      assertEquals(2, proxy.gauge("pending").intValue());

      RawResponse shed = proxy.exchange("GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(503, shed.status());
      assertTrue(shed.header("l5d-err").contains("maxConcurrentRequests"));

      held.forEach(e -> e.getValue().runOnContext(v -> e.getKey().response().end("ok")));
      assertEquals(200, first.read().status());
      assertEquals(200, second.read().status());
    }
    ProxyFixture.poll("all counted", () -> proxy.counter("requests") == 3);
    assertEquals(1, proxy.counter("status/503"));
    assertEquals(2, proxy.counter("status/200"));
    assertEquals(2, held.size());
    assertEquals(0, proxy.gauge("pending").intValue());
  }
}
