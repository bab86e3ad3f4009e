package io.hoplink.router.telemetry.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

class HttpSpanSenderTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private volatile int status = 202;
  private HttpServer collector;

  @AfterEach
  void stop() throws Exception {
    if (collector != null) {
      collector.stop(0);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int startCollector() throws Exception {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    collector.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if ("gzip".equals(encoding)) {
          body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
            + exchange.getRequestHeaders().getFirst("Host") + " type="
            + exchange.getRequestHeaders().getFirst("Content-Type") + " encoding=" + encoding);
        spans.addAll(SpanBytesDecoder.JSON_V2.decodeList(body));
        exchange.sendResponseHeaders(status, -1);
      }
    });
    collector.start();
    return collector.getAddress().getPort();
  }

  private Throwable send(HttpSpanSender sender, List<Span> batch) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> sender.send(batch).onComplete(done));
    try {
      done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void postsJsonV2GzippedWithTheHostHeader() throws Exception {
    int port = startCollector();
    HttpSpanSender sender = new HttpSpanSender(vertx, "127.0.0.1", port, "zipkin", true, 1000,
        5000);
    Span server = Spans.server(1);
    Span client = Spans.client(2, 1);
    assertEquals(null, send(sender, List.of(server, client)));
    assertEquals(List.of("POST /api/v2/spans host=zipkin type=application/json encoding=gzip"),
        seen);
    assertEquals(List.of(server, client), spans, "JSON v2 keeps every field");
    HttpSpanSender plain = new HttpSpanSender(vertx, "127.0.0.1", port, "collector:9411", false,
        1000, 5000);
    assertEquals(null, send(plain, List.of(server)));
    assertEquals("POST /api/v2/spans host=collector:9411 type=application/json encoding=null",
        seen.get(1));
    sender.close();
    plain.close();
  }

  @Test
  void aRefusalOrADeadCollectorFailsTheBatch() throws Exception {
    int port = startCollector();
    status = 500;
    HttpSpanSender sender = new HttpSpanSender(vertx, "127.0.0.1", port, "zipkin", true, 1000,
        5000);
    assertEquals("the collector answered 500", send(sender, List.of(Spans.server(1)))
        .getMessage());
    collector.stop(0);
    collector = null;
    assertNotNull(send(sender, List.of(Spans.server(2))));
    sender.close();
  }
}
