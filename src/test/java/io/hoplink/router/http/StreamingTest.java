package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream both ways, keep their framing, and the router holds back a fast writer while
 * the reader is slow instead of buffering the body.
 */
class StreamingTest {
  private static final long SIZE = 64L * 1024 * 1024;
  /** Socket buffers and Vert.x queues along the path hold far less than this. */
  private static final long IN_FLIGHT_BOUND = 40L * 1024 * 1024;
  private static final byte[] BLOCK = new byte[64 * 1024];

  private ProxyFixture proxy;

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void fixedLengthUploadArrivesWithItsLengthAndEveryByte() throws Exception {
    try (RawClient client = proxy.connect()) {
      client.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: " + SIZE + "\r\n\r\n");
      writeBlocks(client.output(), SIZE, false, new AtomicLong());
      assertEquals(200, client.read().status());
    }
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    assertEquals(SIZE, seen.bodyBytes());
    assertEquals(String.valueOf(SIZE), seen.header("content-length"));
    assertNull(seen.header("transfer-encoding"));
  }

  @Test
  void chunkedUploadArrivesChunkedWithEveryByte() throws Exception {
    try (RawClient client = proxy.connect()) {
      client.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
      writeBlocks(client.output(), SIZE, true, new AtomicLong());
      assertEquals(200, client.read().status());
    }
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    assertEquals(SIZE, seen.bodyBytes());
    assertEquals("chunked", seen.header("transfer-encoding"));
    assertNull(seen.header("content-length"));
  }

  @Test
  void slowUpstreamHoldsBackTheUploadingClient() throws Exception {
    AtomicReference<HttpServerRequest> held = new AtomicReference<>();
    AtomicReference<Context> heldContext = new AtomicReference<>();
    AtomicLong received = new AtomicLong();
    proxy.backend.handler = req -> {
      req.pause();
      req.handler(buf -> received.addAndGet(buf.length()));
      req.endHandler(v -> req.response().end("got " + received.get()));
      heldContext.set(Vertx.currentContext());
      held.set(req);
    };
    AtomicLong written = new AtomicLong();
    try (RawClient client = proxy.connect()) {
      client.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: " + SIZE + "\r\n\r\n");
      Thread writer = new Thread(() -> {
        try {
          writeBlocks(client.output(), SIZE, false, written);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      writer.start();
      awaitStall(written);
      assertTrue(written.get() < IN_FLIGHT_BOUND, "client wrote " + written.get());
      heldContext.get().runOnContext(v -> held.get().resume());
      RawResponse response = client.read();
      writer.join(20_000);
      assertEquals(200, response.status());
      assertEquals("got " + SIZE, response.bodyText());
    }
  }

  @Test
  void fixedLengthDownloadKeepsItsLength() throws Exception {
    proxy.backend.responder = (req, seen) -> {
      req.response().putHeader("content-length", String.valueOf(SIZE));
      writeBody(req.response(), SIZE, new AtomicLong());
    };
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET /down HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
      assertEquals(String.valueOf(SIZE), head.header("content-length"));
      assertFalse(head.chunked());
      assertEquals(SIZE, client.readBody(head, false, OutputStream.nullOutputStream(),
          new ArrayList<>()));
    }
  }

  @Test
  void chunkedDownloadStaysChunkedAndCarriesTrailers() throws Exception {
    proxy.backend.responder = (req, seen) -> {
      req.response().setChunked(true).putTrailer("x-checksum", "42");
      writeBody(req.response(), SIZE, new AtomicLong());
    };
    try (RawClient client = proxy.connect()) {
      RawResponse head = client.send("GET /down HTTP/1.1\r\nHost: a\r\nTE: trailers\r\n\r\n")
          .readHead();
      assertTrue(head.chunked(), head.headers().toString());
      assertNull(head.header("content-length"));
      List<Map.Entry<String, String>> trailers = new ArrayList<>();
      assertEquals(SIZE, client.readBody(head, false, OutputStream.nullOutputStream(), trailers));
      assertEquals("x-checksum=42", trailers.get(0).toString());
    }
  }

  @Test
  void slowClientHoldsBackTheDownloadingUpstream() throws Exception {
    AtomicLong written = new AtomicLong();
    proxy.backend.responder = (req, seen) -> {
      req.response().putHeader("content-length", String.valueOf(SIZE));
      writeBody(req.response(), SIZE, written);
    };
    try (RawClient client = proxy.connect()) {
      client.send("GET /down HTTP/1.1\r\nHost: a\r\n\r\n");
      awaitStall(written);
      assertTrue(written.get() < IN_FLIGHT_BOUND, "upstream wrote " + written.get());
      RawResponse head = client.readHead();
      assertEquals(SIZE, client.readBody(head, false, OutputStream.nullOutputStream(),
          new ArrayList<>()));
    }
  }

  @Test
  void smallChunkedRequestAndHeadRequestKeepTheirFraming() throws Exception {
    proxy.backend.responder = (req, seen) -> req.response()
        .putHeader("content-length", "5").end(req.method().name().equals("HEAD") ? "" : "hello");
    try (RawClient client = proxy.connect()) {
      client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      assertEquals("hello", client.read().bodyText());
      RawResponse head = client.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
      assertEquals("5", head.header("content-length"));
      client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals("hello", client.read().bodyText()); // the HEAD left no stray body behind
    }
    assertEquals(5, proxy.backend.seen.get(0).bodyBytes());
  }

  @Test
  void httpOneZeroClientGetsACloseDelimitedBodyForAChunkedUpstreamResponse() throws Exception {
    proxy.backend.responder = (req, seen) -> req.response().setChunked(true).end("streamed");
    try (RawClient client = proxy.connect()) {
      RawResponse response = client.send("GET / HTTP/1.0\r\nHost: a\r\n\r\n").read();
      assertEquals(200, response.status());
      assertFalse(response.chunked());
      assertEquals("streamed", response.bodyText());
    }
  }

  /** Waits until {@code progress} stops moving: the writer is blocked by backpressure. */
  static void awaitStall(AtomicLong progress) throws InterruptedException {
    long last = -1;
    for (int i = 0; i < 200; i++) {
      long now = progress.get();
      if (now > 0 && now == last) {
        return;
      }
      last = now;
      Thread.sleep(250);
    }
    throw new AssertionError("writer never stalled at " + progress.get());
  }

  private static void writeBlocks(OutputStream out, long size, boolean chunked,
      AtomicLong written) throws IOException {
    long left = size;
    while (left > 0) {
      int n = (int) Math.min(BLOCK.length, left);
      if (chunked) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      out.write(BLOCK, 0, n);
      if (chunked) {
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      left -= n;
      written.addAndGet(n);
    }
    if (chunked) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
  }

  /** Writes {@code size} bytes as fast as the response's write queue allows, then ends. */
  static void writeBody(HttpServerResponse response, long size, AtomicLong written) {
    Buffer block = Buffer.buffer(BLOCK);
    while (written.get() < size && !response.writeQueueFull()) {
      long left = size - written.get();
      Buffer next = left >= BLOCK.length ? block : block.getBuffer(0, (int) left);
      response.write(next);
      written.addAndGet(next.length());
    }
    if (written.get() < size) {
      response.drainHandler(v -> writeBody(response, size, written));
    } else {
      response.end();
    }
  }

  @Test
  void continueFromTheUpstreamIsRelayedBeforeTheBodyIsSent() throws Exception {
    proxy.backend.handler = req -> {
      long[] bytes = {0};
      req.handler(buf -> bytes[0] += buf.length());
      req.endHandler(v -> req.response().end("got " + bytes[0]));
      if ("100-continue".equals(req.getHeader("expect"))) {
        req.response().writeContinue();
      }
    };
    try (RawClient client = proxy.connect()) {
      client.send("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
          + "Content-Length: 5\r\n\r\n");
      assertEquals(100, client.readAnyHead().status());
      RawResponse response = client.send("hello").read();
      assertEquals("got 5", response.bodyText());
    }
  }
}
