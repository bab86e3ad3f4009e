package io.hoplink.router.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import io.hoplink.config.ServerConfig;
import io.hoplink.router.forward.Dispatcher;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Stat;
import io.hoplink.router.upstream.Upstream;
import io.hoplink.router.upstream.UpstreamPoolOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A frontend whose dispatcher records each exchange and forwards it to a {@link TestBackend}. */
final class ProxyFixture implements AutoCloseable {
  static final String SCOPE = "rt/test/server/127.0.0.1/0/";

  final Vertx vertx = Vertx.vertx();
  final TestBackend backend = TestBackend.start(vertx);
  final Upstream upstream = Upstream.http1(vertx, UpstreamPoolOptions.defaults());
  final Metrics metrics = Metrics.newTree();
  final List<Exchange> dispatched = new CopyOnWriteArrayList<>();
  final List<Throwable> forwardFailures = new CopyOnWriteArrayList<>();
  /** What the dispatcher does after recording; by default forwards to the backend. */
  volatile Consumer<Exchange> onDispatch = this::forwardToBackend;
  private Frontend frontend;

  ProxyFixture start(ServerConfig config) {
    return start(config, HttpLimits.defaults());
  }

  ProxyFixture start(ServerConfig config, HttpLimits limits) {
    Dispatcher dispatcher = exchange -> {
      dispatched.add(exchange);
      onDispatch.accept(exchange);
    };
    frontend = await(Frontend.http1(vertx, config, limits, dispatcher,
        metrics.scope("rt", "test", "server", "127.0.0.1", "0")));
    return this;
  }

  void forwardToBackend(Exchange exchange) {
    exchange.forward(upstream, "127.0.0.1", backend.port()).onFailure(t -> {
      forwardFailures.add(t);
      exchange.fail(502, t.getMessage());
    });
  }

  Frontend frontend() {
    return frontend;
  }

  RawClient connect() throws IOException {
    return new RawClient(frontend.actualPort());
  }

  /** One request on a fresh connection. */
  RawResponse exchange(String request) throws IOException {
    try (RawClient client = connect()) {
      return client.send(request).read();
    }
  }

  long counter(String name) {
    Counter counter = (Counter) metrics.snapshot().get(SCOPE + name);
    return counter == null ? 0 : counter.getCount();
  }

  Number gauge(String name) {
    return (Number) ((Gauge<?>) metrics.snapshot().get(SCOPE + name)).getValue();
  }

  Stat stat(String name) {
    return (Stat) metrics.snapshot().get(SCOPE + name);
  }

  static ServerConfig server(int maxConcurrentRequests, boolean clearContext, int maxCallDepth,
      Duration idle, Duration life, Duration head) {
    return new ServerConfig("127.0.0.1", 0, maxConcurrentRequests, clearContext, maxCallDepth,
        idle, life, head, false, null);
  }

  static ServerConfig defaults() {
    return ServerConfig.defaults(0);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  /** Waits, by polling with a bounded deadline, until {@code condition} holds. */
  static void poll(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
