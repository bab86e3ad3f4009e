package io.hoplink.router.h2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.hoplink.config.H2ServerParams;
import io.hoplink.config.ServerConfig;
import io.hoplink.router.forward.Dispatcher;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.upstream.H2UpstreamOptions;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

/** An h2 frontend on 127.0.0.1:0 whose dispatcher forwards every stream to one chosen port. */
final class H2Fixture implements AutoCloseable {
  final Vertx vertx;
  final Metrics metrics = Metrics.newTree();
  final Upstream upstream;
  final Frontend frontend;

  private H2Fixture(Vertx vertx, ServerConfig server, ToIntFunction<Exchange> route) {
    this.vertx = vertx;
    this.upstream = Upstream.h2c(vertx, H2UpstreamOptions.defaults());
    Dispatcher dispatcher = exchange -> exchange.forward(upstream, "127.0.0.1",
        route.applyAsInt(exchange)).onFailure(e -> {
          if (e instanceof ForwardFailure f) {
            exchange.fail(f); // nothing more once the exchange has answered
          } else {
            exchange.fail(502, e.getMessage());
          }
        });
    this.frontend = Frontend.h2(vertx, server, dispatcher, metrics.scope("server"))
        .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  static H2Fixture forwardingTo(ToIntFunction<Exchange> route) {
    return new H2Fixture(Vertx.vertx(), server(0, 10, H2ServerParams.defaults()), route);
  }

  static H2Fixture forwardingTo(ServerConfig server, ToIntFunction<Exchange> route) {
    return new H2Fixture(Vertx.vertx(), server, route);
  }

  static ServerConfig server(int maxConcurrentRequests, int maxCallDepth, H2ServerParams h2) {
    return new ServerConfig("127.0.0.1", 0, maxConcurrentRequests, false, maxCallDepth,
        Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10), false, null,
        Optional.empty(), Optional.of(h2), Map.of());
  }

  int port() {
    return frontend.actualPort();
  }

  ManagedChannel channel() {
    return channel(port());
  }

  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(EchoService.MAX_MESSAGE)
        .build();
  }

  long counter(String name) {
    var metric = metrics.snapshot().get(name);
    return metric == null ? 0 : ((com.codahale.metrics.Counter) metric).getCount();
  }

  /** Polls {@code condition} every 10 ms for up to 20 s. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
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
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
