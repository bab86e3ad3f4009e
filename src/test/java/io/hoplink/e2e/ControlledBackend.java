package io.hoplink.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on 127.0.0.1, port 0, told by its fields how to answer: {@link #status} (200 by
 * default), a {@link #failureRate} of 500s drawn from a seeded random, a {@link #delayMs}
 * before answering, and {@link #slowFirst} delays only the first request. It counts requests
 * by method and records each {@code x-id} header it saw; {@link #kill()} closes the listener
 * and every connection at once, as a crash would.
 */
final class ControlledBackend implements AutoCloseable {
  final String name;
  final AtomicInteger requests = new AtomicInteger();
  final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();
  final List<String> ids = new CopyOnWriteArrayList<>();
  final List<String> deadlines = new CopyOnWriteArrayList<>();
  volatile int status = 200;
  volatile double failureRate;
  volatile long delayMs;
  volatile long slowFirst;
  private final Vertx vertx;
  private final Random random = new Random(17);
  private final HttpServer server;

  ControlledBackend(Vertx vertx, String name) throws Exception {
    this.vertx = vertx;
    this.name = name;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .requestHandler(this::handle);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  int requests(String method) {
    AtomicInteger n = byMethod.get(method);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpServerRequest req) {
    int n = requests.incrementAndGet();
    byMethod.computeIfAbsent(req.method().name(), k -> new AtomicInteger()).incrementAndGet();
    if (req.getHeader("x-id") != null) {
      ids.add(req.getHeader("x-id"));
    }
    if (req.getHeader("l5d-ctx-deadline") != null) {
      deadlines.add(req.getHeader("l5d-ctx-deadline"));
    }
    int answer = status;
    synchronized (random) {
      if (failureRate > 0 && random.nextDouble() < failureRate) {
        answer = 500;
      }
    }
    long delay = n == 1 && slowFirst > 0 ? slowFirst : delayMs;
    int sent = answer;
    req.body().onSuccess(body -> {
      if (delay <= 0) {
        req.response().setStatusCode(sent).end(name);
      } else {
        vertx.setTimer(delay, id -> req.response().setStatusCode(sent).end(name));
      }
    });
  }

  /** Closes the listener and every open connection. */
  void kill() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.close();
  }
}
