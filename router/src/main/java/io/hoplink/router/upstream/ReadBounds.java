package io.hoplink.router.upstream;

import io.hoplink.router.http.ChannelAccess;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.vertx.core.http.HttpConnection;

/**
 * How much an upstream HTTP/1.1 connection reads ahead of its client. Vert.x pauses a connection
 * only after the read burst that filled its client's queue ends, and each message of that burst
 * pins the direct buffer it was sliced from: with Netty's defaults (16 reads of up to 64 KiB) a
 * paused response held a quarter of a megabyte of direct memory per slow client. One read of at
 * most {@link #MAX_READ_BYTES} per turn of the event loop bounds that to one buffer, and the
 * chunk size bounds the heap copies Vert.x queues (16 messages) for a paused response.
 */
final class ReadBounds {
  static final int MAX_READ_BYTES = 16 * 1024;
  static final int CHUNK_BYTES = 4 * 1024;

  private ReadBounds() {}

  static void apply(HttpConnection connection) {
    ChannelAccess.channel(connection).config().setRecvByteBufAllocator(
        new AdaptiveRecvByteBufAllocator(512, 2048, MAX_READ_BYTES).maxMessagesPerRead(1));
  }
}
