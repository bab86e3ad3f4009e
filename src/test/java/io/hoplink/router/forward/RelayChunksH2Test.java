package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.h2.H2Frames;
import io.hoplink.router.http.ChannelAccess;
import io.hoplink.router.upstream.DirectReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk relayed to an HTTP/2 client whose write fails after part of it went out as a DATA
 * frame: Netty's flow controller hands the frame a slice of the chunk that holds no reference
 * of its own, and fails the chunk's write when the stream is reset while that frame still waits
 * in the channel's outbound buffer behind a full socket. Freeing the chunk at the failure frees
 * memory the frame is then written from; it is freed once the connection has written the frame.
 */
class RelayChunksH2Test {
  private static final int READ = 32 * 1024;
  private static final int STEP = 1000;
  private static final int FILL_CHUNK = 16 * 1024;
  private static final long FILL_BYTES = 32L * 1024 * 1024;
  private static final int WINDOW_UPDATE = 0x8;

  private final Vertx vertx = Vertx.vertx();
  private final CompletableFuture<Void> ownedWritten = new CompletableFuture<>();
  private final AtomicLong filled = new AtomicLong();
  private final byte[] pattern = new byte[READ];
  private volatile ByteBuf ownedRead;
  private HttpServer server;

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A chunk as an upstream HTTP/1.1 read hands it on: a retained slice of a read of its own. */
  private Buffer ownedChunk() {
    ByteBuf read = DirectReads.over(PooledByteBufAllocator.DEFAULT).ioBuffer(READ);
    assertTrue(DirectReads.owns(read));
    read.writeBytes(pattern);
    ByteBuf chunk = read.readRetainedSlice(READ);
    read.release();
    ownedRead = read;
    return BufferInternal.buffer(chunk);
  }

  /** Heap chunks, the next once the socket has taken the last: the outbound buffer stays low. */
  private void fill(HttpServerResponse out) {
    if (filled.get() >= FILL_BYTES) {
      out.end();
      return;
    }
    out.write(Buffer.buffer(new byte[FILL_CHUNK])).onSuccess(v -> {
      filled.addAndGet(FILL_CHUNK);
      fill(out);
    });
  }

  private static byte[] windowUpdate(int streamId, int increment) {
    byte[] payload = {(byte) (increment >>> 24), (byte) (increment >>> 16),
        (byte) (increment >>> 8), (byte) increment};
    return H2Frames.frame(WINDOW_UPDATE, 0, streamId, payload);
  }

  private static void awaitStalled(AtomicLong progress) throws InterruptedException {
    long last = -1;
    long since = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(700)) {
      assertTrue(System.nanoTime() < deadline, "the fill never stalled");
      long now = progress.get();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
      Thread.sleep(20);
    }
    assertTrue(last < FILL_BYTES, "the socket took all of the fill");
  }

  @Test
  void aChunkPartlyWrittenToAResetStreamIsNotFreedUnderItsFrame() throws Exception {
    for (int i = 0; i < READ; i++) {
      pattern[i] = (byte) (i * 31 + 7);
    }
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> {
          if (req.path().equals("/owned")) {
            RelayChunks.writeToStream(req.response(), ownedChunk(),
                ChannelAccess.channel(req.connection())).onComplete(ar -> {
              if (ar.succeeded()) {
                ownedWritten.complete(null);
              } else {
                ownedWritten.completeExceptionally(ar.cause());
              }
            });
          } else {
            fill(req.response());
          }
        })
        .listen().await(10, TimeUnit.SECONDS);

    try (H2Frames client = H2Frames.connectWithWindow(server.actualPort(), STEP)) {
      client.write(windowUpdate(0, 1 << 30));
      client.handshake();
      // Stream 1: the window lets 1000 bytes of the chunk out; the rest waits in the flow
      // controller with the chunk's write.
      client.write(H2Frames.frame(H2Frames.HEADERS, H2Frames.END_HEADERS | H2Frames.END_STREAM,
          1, client.requestBlock("GET", "/owned")));
      H2Frames.Frame first = client.readUntil("stream 1's first DATA",
          f -> f.type() == H2Frames.DATA && f.streamId() == 1);
      assertArrayEquals(Arrays.copyOfRange(pattern, 0, STEP), first.payload());

      // Stream 3 fills the socket: the client reads nothing more for now.
      client.write(H2Frames.frame(H2Frames.HEADERS, H2Frames.END_HEADERS | H2Frames.END_STREAM,
          3, client.requestBlock("GET", "/fill")), windowUpdate(3, 1 << 30));
      awaitStalled(filled);

      // 1000 more bytes of the chunk go out as a frame, which waits behind the full socket.
      client.write(windowUpdate(1, STEP));
      Thread.sleep(300);
      assertFalse(ownedWritten.isDone(), "the chunk's write completed with its rest unsent");

      // The stream's reset fails the chunk's write while that frame still waits.
      client.write(H2Frames.rstStream(1, H2Frames.CANCEL));
      ownedWritten.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
      assertTrue(ownedWritten.isCompletedExceptionally());

      // Now the client reads: the waiting frame carries the chunk's bytes, and the connection
      // (stream 3) goes on.
      byte[] second = null;
      for (H2Frames.Frame f = client.read(); ; f = client.read()) {
        if (f == null) {
          throw new AssertionError("the connection closed before stream 3 ended (filled "
              + filled.get() + " of " + FILL_BYTES + ")");
        }
        if (f.type() == H2Frames.DATA && f.streamId() == 1 && second == null) {
          second = f.payload();
        }
        if (f.streamId() == 3 && f.has(H2Frames.END_STREAM)) {
          break;
        }
      }
      assertEquals(FILL_BYTES, filled.get());
      assertArrayEquals(Arrays.copyOfRange(pattern, STEP, 2 * STEP), second,
          "the frame was written from memory already freed");
      // ...and once it is out, the read is freed, not left for the garbage collector.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (ownedRead.refCnt() > 0) {
        assertTrue(System.nanoTime() < deadline, "the read of a failed write was never freed");
        Thread.sleep(10);
      }
    }
  }
}
