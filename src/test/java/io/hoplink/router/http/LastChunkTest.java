package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A response's body chunk may wait for the end of the upstream read that brought it, to leave
 * with the response's end: never longer. Each upstream here sends a chunk and ends its response
 * only once the client has that chunk, so a chunk held for the end would never arrive (the
 * client's read times out).
 */
class LastChunkTest {
  private ProxyFixture proxy;
  /** Completed by the test once the client has the first chunk. */
  private final CompletableFuture<Void> clientHasFirst = new CompletableFuture<>();

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
  }

  @AfterEach
  void stop() {
    clientHasFirst.complete(null); // an upstream still waiting ends its response
    proxy.close();
  }

  /** Writes {@code first}, and ends the response with {@code last} once the client has it. */
  private void firstThenLast(HttpServerResponse response, String first, String last) {
    Context context = Vertx.currentContext();
    response.write(first);
    clientHasFirst.thenRun(() -> context.runOnContext(v -> response.end(last)));
  }

  @Test
  void aChunkOfAChunkedResponseLeavesBeforeItsEnd() throws Exception {
    proxy.backend.responder = (req, seen) ->
        firstThenLast(req.response().setChunked(true), "first", "last");
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
      assertTrue(head.chunked(), head.headers().toString());
      assertEquals("first", text(client.readChunk()));
      clientHasFirst.complete(null);
      assertEquals("last", text(client.readChunk()));
      assertArrayEquals(new byte[0], client.readChunk());
    }
  }

  @Test
  void aChunkOfAFixedLengthResponseLeavesBeforeItsEnd() throws Exception {
    proxy.backend.responder = (req, seen) ->
        firstThenLast(req.response().putHeader("content-length", "9"), "first", "last");
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
      assertEquals("9", head.header("content-length"));
      assertEquals("first", text(client.readBytes(5)));
      clientHasFirst.complete(null);
      assertEquals("last", text(client.readBytes(4)));
    }
  }

  @Test
  void theConnectionServesTheNextRequestAfterAResponseThatEndedWithItsLastChunk()
      throws Exception {
    proxy.backend.responder = (req, seen) -> req.response()
        .putHeader("content-length", "5").end("hello");
    try (RawClient client = proxy.connect()) {
      for (int i = 0; i < 3; i++) {
        RawResponse response = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
        assertEquals(200, response.status());
        assertEquals("hello", text(response.body()));
      }
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
