package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.upstream.Upstream;
import io.hoplink.router.upstream.UpstreamPoolOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests waiting for an upstream connection are bounded: past the bound they fail at once. */
class PoolWaitersTest {
  private ProxyFixture proxy;
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
    proxy.backend.handler = held::add; // answered by the test
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void theDefaultBoundsWaitersPerEndpoint() {
    assertEquals(1000, UpstreamPoolOptions.defaults().maxWaiters());
  }

  @Test
  void aRequestPastTheWaitersFailsAtOnceAsNotSent() throws Exception {
    Upstream pool = Upstream.http1(proxy.vertx,
        new UpstreamPoolOptions(1, 1, Duration.ofSeconds(60), Duration.ofSeconds(5)));
    proxy.onDispatch = exchange -> exchange.forward(pool, "127.0.0.1", proxy.backend.port())
        .onFailure(t -> {
          proxy.forwardFailures.add(t);
          exchange.fail(502, t.getMessage());
        });
    CompletableFuture<RawResponse> first = CompletableFuture.supplyAsync(() -> send("/1"));
    ProxyFixture.poll("the one connection in use", () -> held.size() == 1);
    CompletableFuture<RawResponse> waiting = CompletableFuture.supplyAsync(() -> send("/2"));
    ProxyFixture.poll("a waiter queued", () -> proxy.dispatched.size() == 2);

    RawResponse refused = send("/3");
    assertEquals(502, refused.status());
    assertInstanceOf(ForwardFailure.NotSent.class, proxy.forwardFailures.get(0));

    held.get(0).response().end("one");
    assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
    ProxyFixture.poll("the waiter got the connection", () -> held.size() == 2);
    held.get(1).response().end("two");
    assertEquals(200, waiting.get(10, TimeUnit.SECONDS).status());
  }

  private RawResponse send(String path) {
    try {
      return proxy.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
