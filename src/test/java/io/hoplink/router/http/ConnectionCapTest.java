package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ServerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Past maxConnections a server closes new connections and keeps serving the open ones. */
class ConnectionCapTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  private ProxyFixture proxy;

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(new ServerConfig("127.0.0.1", 0, 0, false, 1000,
        Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10), false, null,
        Optional.empty(), Optional.empty(), Map.of(), 2));
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void connectionsPastTheCapAreClosedAndTheOpenOnesServed() throws Exception {
    try (RawClient a = proxy.connect(); RawClient b = proxy.connect()) {
      assertEquals(200, a.send(GET).read().status());
      assertEquals(200, b.send(GET).read().status());
      try (RawClient c = proxy.connect()) {
        assertTrue(c.awaitClosed(), "a third connection is closed");
      }
      assertEquals(200, a.send(GET).read().status());
      assertEquals(200, b.send(GET).read().status());
      assertEquals(2, proxy.gauge("connections").intValue());
    }
    ProxyFixture.poll("both closed at the server", () -> proxy.gauge("connections").intValue() == 0);
    try (RawClient d = proxy.connect()) {
      assertEquals(200, d.send(GET).read().status(), "room again once some closed");
    }
  }
}
