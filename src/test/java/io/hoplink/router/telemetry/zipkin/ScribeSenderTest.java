package io.hoplink.router.telemetry.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

class ScribeSenderTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Sends on the sender's event loop, as the reporter does, and waits for the outcome. */
  private Throwable send(ScribeSender sender, List<Span> spans) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> sender.send(spans).onComplete(done));
    try {
      done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private ScribeSender sender(int port, long timeoutMs) {
    return new ScribeSender(vertx, "127.0.0.1", port, 1000, timeoutMs);
  }

  @Test
  void logsEachSpanAsBase64ThriftUnderCategoryZipkin() throws Exception {
    try (ScribeReceiver collector = new ScribeReceiver()) {
      ScribeSender sender = sender(collector.port(), 5000);
      Span server = Spans.server(0x11);
      Span client = Spans.client(0x22, 0x11);
      assertEquals(null, send(sender, List.of(server, client)));
      assertEquals(List.of("zipkin", "zipkin"), collector.categories);
      assertTrue(collector.messages.get(0).endsWith("\n"), "Finagle ends each line so");
      Span got = collector.spans.get(0);
      assertEquals(server.traceId(), got.traceId());
      assertEquals(server.id(), got.id());
      assertEquals(Span.Kind.SERVER, got.kind());
      assertEquals("outgoing /svc/hello", got.name());
      assertEquals("outgoing", got.localServiceName());
      assertEquals("/svc/hello", got.tags().get("service"));
      Span gotClient = collector.spans.get(1);
      assertEquals("0000000000000011", gotClient.parentId());
      assertEquals(Span.Kind.CLIENT, gotClient.kind());
      assertEquals("finagle.retry", gotClient.annotations().get(0).value());
      assertEquals("10.0.0.9", gotClient.remoteEndpoint().ipv4());
      assertEquals(null, send(sender, List.of(Spans.server(0x33))), "the connection is kept");
      assertEquals(3, collector.spans.size());
      sender.close();
    }
  }

  @Test
  void tryLaterSilenceAndADeadCollectorFailTheBatch() throws Exception {
    try (ScribeReceiver collector = new ScribeReceiver()) {
      ScribeSender sender = sender(collector.port(), 300);
      collector.answer = ScribeReceiver.Answer.TRY_LATER;
      assertEquals("the collector said TRY_LATER", send(sender, List.of(Spans.server(1)))
          .getMessage());
      collector.answer = ScribeReceiver.Answer.NEVER;
      assertEquals("no answer within 300 ms", send(sender, List.of(Spans.server(2)))
          .getMessage());
      collector.answer = ScribeReceiver.Answer.OK;
      assertEquals(null, send(sender, List.of(Spans.server(3))), "a new connection");
      collector.dropConnections();
      Throwable afterDrop = send(sender, List.of(Spans.server(4)));
      if (afterDrop != null) { // the close may or may not have been seen before the write
        assertEquals(null, send(sender, List.of(Spans.server(5))));
      }
      sender.close();
    }
    int closed;
    try (ServerSocket free = new ServerSocket(0)) {
      closed = free.getLocalPort();
    }
    assertTrue(send(sender(closed, 300), List.of(Spans.server(6))) != null);
  }

  @Test
  void aClosedSenderRefuses() throws Exception {
    ScribeSender sender = sender(1, 300);
    sender.close();
    Future<Void> sent = sender.send(List.of(Spans.server(1)));
    assertTrue(sent.failed());
  }
}
