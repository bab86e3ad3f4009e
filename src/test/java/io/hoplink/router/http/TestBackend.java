package io.hoplink.router.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** A real Vert.x upstream on an ephemeral port that records what reached it. */
final class TestBackend {
  /** A request as the upstream received it. */
  record Seen(String method, String uri, MultiMap headers, long bodyBytes) {
    String header(String name) {
      return headers.get(name);
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** Answers once the body has been counted; replace to change the answer. */
  volatile BiConsumer<HttpServerRequest, Seen> responder = (req, seen) -> req.response().end("ok");
  /** Replace to take over requests entirely (then nothing is recorded). */
  volatile Handler<HttpServerRequest> handler = this::countAndRespond;
  private final HttpServer server;

  private TestBackend(HttpServer server) {
    this.server = server;
  }

  static TestBackend start(Vertx vertx) {
    TestBackend[] self = new TestBackend[1];
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHttp2ClearTextEnabled(false))
        .requestHandler(req -> self[0].handler.handle(req));
    self[0] = new TestBackend(server);
    ProxyFixture.await(server.listen(0, "127.0.0.1"));
    return self[0];
  }

  int port() {
    return server.actualPort();
  }

  private void countAndRespond(HttpServerRequest req) {
    long[] bytes = {0};
    req.handler(buf -> bytes[0] += buf.length());
    req.endHandler(v -> {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
      Seen seen = new Seen(req.method().name(), req.uri(), headers, bytes[0]);
      this.seen.add(seen);
      responder.accept(req, seen);
    });
  }
}
