package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.upstream.DirectReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks read into memory of their own are freed once written or dropped, and no sooner. */
class RelayChunksTest {
  private static final int READ = 32 * 1024;
  private final ByteBufAllocator reads = DirectReads.over(PooledByteBufAllocator.DEFAULT);

  /** As the HTTP/1.1 decoder hands a read on: a retained slice, the read itself released. */
  private ByteBuf read(int chunkLength) {
    ByteBuf read = reads.ioBuffer(READ);
    for (int i = 0; i < READ; i++) {
      read.writeByte(i * 31);
    }
    ByteBuf chunk = read.readRetainedSlice(chunkLength);
    read.release();
    return chunk;
  }

  @Test
  void largeReadsAreOwnedAndTheRestPooled() {
    assertTrue(DirectReads.owns(reads.ioBuffer(READ)), "read on NIO");
    assertTrue(DirectReads.owns(reads.directBuffer(READ)), "read on epoll");
    assertFalse(DirectReads.owns(reads.ioBuffer(2048)));
    assertFalse(DirectReads.owns(reads.directBuffer(16 * 1024)), "an HTTP/2 frame's copy");
    assertFalse(DirectReads.owns(reads.heapBuffer(READ)));
  }

  @Test
  void aWrittenChunkIsFreedWhenTheWriteCompletesAndNotBefore() {
    ByteBuf chunk = read(READ);
    Buffer buf = RelayChunks.keep(BufferInternal.buffer(chunk));
    HeldWrites out = new HeldWrites();
    RelayChunks.write(out, buf);
    assertEquals(1, chunk.refCnt(), "freed while the socket may still read it");
    out.writes.get(0).complete();
    assertEquals(0, chunk.refCnt());
  }

  @Test
  void aFailedWriteFreesItsChunkToo() {
    ByteBuf chunk = read(READ);
    HeldWrites out = new HeldWrites();
    RelayChunks.write(out, BufferInternal.buffer(chunk));
    out.writes.get(0).fail("connection closed");
    assertEquals(0, chunk.refCnt());
  }

  @Test
  void aSmallPartOfALargeReadIsCopiedAndTheReadFreedAtOnce() {
    ByteBuf chunk = read(100);
    byte[] expected = new byte[100];
    chunk.getBytes(chunk.readerIndex(), expected);
    Buffer kept = RelayChunks.keep(BufferInternal.buffer(chunk));
    assertEquals(0, chunk.refCnt(), "a 100-byte chunk pinned a 32 KiB read");
    assertArrayEquals(expected, kept.getBytes());
    HeldWrites out = new HeldWrites();
    RelayChunks.write(out, kept);
    out.writes.get(0).complete(); // nothing left to free: no second release
  }

  @Test
  void aChunkThatFillsMostOfItsReadIsKeptAsItIs() {
    ByteBuf chunk = read(READ / 2);
    Buffer buf = BufferInternal.buffer(chunk);
    assertSame(buf, RelayChunks.keep(buf));
    assertEquals(1, chunk.refCnt());
    RelayChunks.drop(buf);
    assertEquals(0, chunk.refCnt());
  }

  @Test
  void heapChunksAreLeftAlone() {
    Buffer heap = Buffer.buffer("hello");
    assertSame(heap, RelayChunks.keep(heap));
    HeldWrites out = new HeldWrites();
    RelayChunks.write(out, heap);
    out.writes.get(0).complete();
    RelayChunks.drop(heap);
    assertEquals("hello", heap.toString());
  }

  /** A write stream whose writes complete when the test says. */
  private static final class HeldWrites implements WriteStream<Buffer> {
    final List<Promise<Void>> writes = new ArrayList<>();

    @Override
    public Future<Void> write(Buffer data) {
      Promise<Void> promise = Promise.promise();
      writes.add(promise);
      return promise.future();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
