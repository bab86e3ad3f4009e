package io.hoplink.router.forward;

import io.hoplink.router.upstream.DirectReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/**
 * Response chunks that an upstream connection read into direct memory of their own
 * ({@link DirectReads}): written to the client as they are, and freed once written. Each chunk
 * is written or dropped once; one that is lost on the way instead (in a queue of Vert.x's when
 * a connection breaks) is left to the garbage collector.
 */
final class RelayChunks {
  /** A chunk that fills less than this share of its read is copied, so that it pins no more. */
  private static final int MIN_FILL_DIVISOR = 4;

  private RelayChunks() {}

  /**
   * {@code buf} as the relay keeps it: a small chunk of a large read (a slow or trickling
   * upstream) is copied to the heap and its read freed at once, so that what a response holds
   * is counted by its length, never by the reads behind it.
   */
  static Buffer keep(Buffer buf) {
    ByteBuf direct = direct(buf);
    if (direct == null) {
      return buf;
    }
    ByteBuf read = direct.unwrap() == null ? direct : direct.unwrap(); // a chunk is a slice
    if (direct.readableBytes() * MIN_FILL_DIVISOR >= read.capacity()) {
      return buf;
    }
    Buffer copy = Buffer.buffer(direct.readableBytes()).appendBuffer(buf);
    direct.release();
    return copy;
  }

  /**
   * Writes {@code buf} to {@code out}, and frees its memory once {@code out} is done with it.
   * A write to an HTTP/2 stream that fails leaves its chunk to the garbage collector (see
   * {@link #writeToStream} for one that frees it when it can be): Netty's
   * flow controller may have sent part of it already as a DATA frame that holds a slice of it
   * without a reference of its own (Vert.x writes it unreleasable), and a reset of the stream
   * fails the write while that frame may still wait in the channel's outbound buffer.
   */
  static Future<Void> write(WriteStream<Buffer> out, Buffer buf) {
    Future<Void> written = out.write(buf);
    ByteBuf direct = direct(buf);
    if (direct != null) {
      if (out instanceof HttpServerResponse response && response.streamId() >= 0) {
        written.onSuccess(v -> direct.release());
      } else {
        written.onComplete(ar -> direct.release());
      }
    }
    return written;
  }

  /**
   * Writes {@code buf} to an HTTP/2 stream of {@code connection}. A write that fails frees its
   * chunk once the connection has written out everything it was given until then (writes leave
   * a channel in order): DATA frames already cut from the chunk are among that.
   */
  static Future<Void> writeToStream(WriteStream<Buffer> out, Buffer buf, Channel connection) {
    return freeWhenWritten(out.write(buf), buf, connection);
  }

  /**
   * Ends {@code out} with {@code buf} as its last chunk, freeing its memory as {@link #write}
   * does, or as {@link #writeToStream} does where {@code http2Connection} (the client's
   * connection of an HTTP/2 stream) is given.
   */
  static Future<Void> end(HttpServerResponse out, Buffer buf, Channel http2Connection) {
    return freeWhenWritten(out.end(buf), buf, http2Connection);
  }

  /**
   * Frees {@code buf}'s memory once {@code written} completes; after a failed write to an
   * HTTP/2 stream of {@code http2Connection} (null: none), once the connection has written out
   * what it was given before.
   */
  private static Future<Void> freeWhenWritten(Future<Void> written, Buffer buf,
      Channel http2Connection) {
    ByteBuf direct = direct(buf);
    if (direct != null) {
      written.onComplete(ar -> {
        if (ar.succeeded() || http2Connection == null) {
          direct.release();
        } else {
          http2Connection.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> direct.release());
        }
      });
    }
    return written;
  }

  /** Frees {@code buf}'s memory now: it will not be written. */
  static void drop(Buffer buf) {
    ByteBuf direct = direct(buf);
    if (direct != null) {
      direct.release();
    }
  }

  private static ByteBuf direct(Buffer buf) {
    if (buf instanceof BufferImpl impl) {
      ByteBuf bytes = impl.byteBuf();
      return DirectReads.owns(bytes) ? bytes : null;
    }
    return null;
  }
}
