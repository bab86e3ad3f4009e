package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void countersAreExactAfterAMixOfOutcomes() throws Exception {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
    proxy.backend.responder = (req, seen) ->
        req.response().setStatusCode(req.uri().equals("/missing") ? 404 : 200).end("x");
    proxy.onDispatch = exchange -> {
      if (exchange.path().equals("/shed")) {
        exchange.fail(503, "shed");
      } else {
        proxy.forwardToBackend(exchange);
      }
    };
    try (RawClient client = proxy.connect()) {
      for (String uri : new String[] {"/a", "/b", "/c", "/missing", "/shed"}) {
        client.send("GET " + uri + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
      }
      ProxyFixture.poll("one connection", () -> proxy.gauge("connections").intValue() == 1);
    }
    assertEquals(400, proxy.exchange("GET / HTTP/1.1\r\n\r\n").status()); // no Host

    ProxyFixture.poll("six requests", () -> proxy.counter("requests") == 6);
    assertEquals(5, proxy.counter("success"));
    assertEquals(1, proxy.counter("failures"));
    assertEquals(3, proxy.counter("status/200"));
    assertEquals(1, proxy.counter("status/404"));
    assertEquals(1, proxy.counter("status/400"));
    assertEquals(1, proxy.counter("status/503"));
    assertEquals(3, proxy.counter("status/2XX"));
    assertEquals(2, proxy.counter("status/4XX"));
    assertEquals(1, proxy.counter("status/5XX"));
    assertEquals(6, proxy.stat("request_latency_ms").count());
    assertEquals(0, proxy.gauge("pending").intValue());
    ProxyFixture.poll("connections closed", () -> proxy.gauge("connections").intValue() == 0);
  }
}
