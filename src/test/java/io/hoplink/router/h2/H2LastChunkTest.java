package io.hoplink.router.h2;

import static io.hoplink.router.h2.H2Frames.DATA;
import static io.hoplink.router.h2.H2Frames.END_HEADERS;
import static io.hoplink.router.h2.H2Frames.END_STREAM;
import static io.hoplink.router.h2.H2Frames.HEADERS;
import static io.hoplink.router.h2.H2Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relayed response's last chunk and its end leave as one DATA frame that ends the stream (not
 * the chunk and then an empty frame), and a chunk waits for the end only as long as the upstream
 * read that brought it: one whose end comes later leaves at once.
 */
class H2LastChunkTest {
  private final Vertx backendVertx = Vertx.vertx();
  /** Completed by the test once the client has the first chunk. */
  private final CompletableFuture<Void> clientHasFirst = new CompletableFuture<>();
  private HttpServer backend;
  private H2Fixture router;
  private H2Frames client;

  @BeforeEach
  void start() throws Exception {
    backend = backendVertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/step")) {
        Context context = Vertx.currentContext();
        request.response().setChunked(true).write("first ");
        clientHasFirst.thenRun(() -> context.runOnContext(v -> request.response().end("last")));
      } else {
        request.response().end("ok");
      }
    });
    backend.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    router = H2Fixture.forwardingTo(exchange -> backend.actualPort());
    client = H2Frames.connect(router.port());
    client.handshake();
  }

  @AfterEach
  void stop() throws Exception {
    clientHasFirst.complete(null);
    client.close();
    router.close();
    backendVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The DATA frames of {@code streamId} up to the one that ends it (or the end's own). */
  private List<H2Frames.Frame> dataToEnd(int streamId) throws Exception {
    List<H2Frames.Frame> data = new ArrayList<>();
    H2Frames.Frame frame;
    do {
      frame = client.readUntil("a frame of stream " + streamId, f -> f.streamId() == streamId);
      if (frame.type() == DATA) {
        data.add(frame);
      }
    } while (!frame.has(END_STREAM));
    return data;
  }

  @Test
  void aSmallResponseLeavesInOneDataFrameThatEndsTheStream() throws Exception {
    for (int stream = 1; stream <= 5; stream += 2) {
      client.write(frame(HEADERS, END_HEADERS | END_STREAM, stream,
          client.requestBlock("GET", "/small")));
      assertEquals("200", String.valueOf(client.responseHeaders(stream).status()));
      List<H2Frames.Frame> data = dataToEnd(stream);
      assertEquals(1, data.size(), data::toString);
      assertEquals("ok", text(data.get(0)));
      assertTrue(data.get(0).has(END_STREAM), data::toString);
    }
  }

  @Test
  void aChunkWhoseEndComesLaterLeavesAtOnce() throws Exception {
    client.write(frame(HEADERS, END_HEADERS | END_STREAM, 1, client.requestBlock("GET", "/step")));
    assertEquals("200", String.valueOf(client.responseHeaders(1).status()));
    H2Frames.Frame first = client.readUntil("the first chunk", f -> f.type() == DATA);
    assertEquals("first ", text(first));
    assertFalse(first.has(END_STREAM));
    clientHasFirst.complete(null);
    List<H2Frames.Frame> rest = dataToEnd(1);
    StringBuilder text = new StringBuilder();
    rest.forEach(f -> text.append(text(f)));
    assertEquals("last", text.toString());
  }

  private static String text(H2Frames.Frame frame) {
    return new String(frame.payload(), StandardCharsets.UTF_8);
  }
}
