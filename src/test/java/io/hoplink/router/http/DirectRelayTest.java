package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Large responses are relayed from the upstream's reads as they are, and freed once written
 * (RelayChunks): every byte arrives as sent, whether the client reads at once or slowly, and
 * whatever the framing. A chunk freed too early would be overwritten by a later read before the
 * client's socket took it (freeing at the write instead of its completion fails the second test).
 */
class DirectRelayTest {
  /** More than the kernel's socket buffers on both sides hold, so that the router's queue fills. */
  private static final int SIZE = 64 * 1024 * 1024;
  private static final int PAUSE_EVERY = 16 * 1024 * 1024;
  private static final long BODY_CRC = crc(bytes(0, SIZE));

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
  void aLargeResponseArrivesByteForByte() throws Exception {
    proxy.backend.responder = (req, seen) -> {
      req.response().putHeader("content-length", String.valueOf(SIZE));
      write(req.response(), 0, 48 * 1024, new AtomicLong());
    };
    try (RawClient client = proxy.connect()) {
      client.send("GET /down HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(BODY_CRC, readBody(client, () -> { }));
    }
  }

  @Test
  void aLargeChunkedResponseArrivesByteForByteToAClientThatStopsReading() throws Exception {
    AtomicLong written = new AtomicLong();
    proxy.backend.responder = (req, seen) -> {
      req.response().setChunked(true);
      // chunk lines fall inside the router's reads; most chunks fill more than a quarter of
      // one, so they are relayed from the read itself, not copied (RelayChunks.keep)
      write(req.response(), 0, 11 * 1024 + 13, written);
    };
    try (RawClient client = proxy.connect()) {
      client.send("GET /down HTTP/1.1\r\nHost: a\r\n\r\n");
      // Each time, the client's socket and the router's queue fill and the upstream stops:
      // what the router then holds is written later, after reads that came in since.
      StreamingTest.awaitStall(written);
      assertEquals(BODY_CRC, readBody(client, () -> StreamingTest.awaitStall(written)));
    }
  }

  @Test
  void responsesInTurnOnOneConnectionEachArriveByteForByte() throws Exception {
    proxy.backend.responder = (req, seen) -> {
      req.response().putHeader("content-length", String.valueOf(SIZE));
      write(req.response(), 0, 256 * 1024, new AtomicLong());
    };
    try (RawClient client = proxy.connect()) {
      for (int i = 0; i < 3; i++) {
        client.send("GET /down HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(BODY_CRC, readBody(client, () -> { }), "response " + i);
      }
    }
  }

  /** The body's CRC; {@code everyPause} runs after each PAUSE_EVERY bytes read. */
  private static long readBody(RawClient client, Pause everyPause) throws IOException {
    RawResponse head = client.readHead();
    assertEquals(200, head.status());
    ChecksumSink sink = new ChecksumSink(everyPause);
    assertEquals(SIZE, client.readBody(head, false, sink, new ArrayList<>()));
    return sink.crc.getValue();
  }

  /** Writes BODY from {@code from} in blocks of {@code block}, as fast as the queue drains. */
  private static void write(HttpServerResponse response, int from, int block,
      AtomicLong written) {
    int at = from;
    while (at < SIZE && !response.writeQueueFull()) {
      int n = Math.min(block, SIZE - at);
      response.write(Buffer.buffer(bytes(at, n)));
      at += n;
      written.set(at);
    }
    if (at < SIZE) {
      int next = at;
      response.drainHandler(v -> write(response, next, block, written));
    } else {
      response.end();
    }
  }

  /** The body's bytes from {@code from}: no byte repeats its neighbours' pattern for long. */
  private static byte[] bytes(int from, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      int at = from + i;
      out[i] = (byte) (((at ^ (at >>> 11)) * 0x9E3779B1) >>> 24);
    }
    return out;
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  private interface Pause {
    void run() throws InterruptedException;
  }

  private static final class ChecksumSink extends OutputStream {
    final CRC32 crc = new CRC32();
    private final Pause pause;
    private long sinceLastPause;

    ChecksumSink(Pause pause) {
      this.pause = pause;
    }

    @Override
    public void write(int b) {
      crc.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      crc.update(b, off, len);
      sinceLastPause += len;
      if (sinceLastPause >= PAUSE_EVERY) {
        sinceLastPause = 0;
        try {
          pause.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
  }
}
