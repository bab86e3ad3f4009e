package io.hoplink.router.upstream;

import io.hoplink.router.http.ChannelAccess;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.vertx.core.http.HttpConnection;

/**
 * How much an upstream HTTP/1.1 connection reads ahead of its client. A relayed response that
 * pauses stops its connection's reads at once (Netty's read loop checks auto-read after each
 * read), so what a slow client's response holds in the router is at most the rest of one read,
 * and reads of at most {@link #MAX_READ_BYTES} bound that (Netty's default
 * reads up to 64 KiB at a time). Smaller reads and chunks (16 KiB, 4 KiB) were measured to cost
 * a fifth of the throughput of 1 MiB bodies.
 */
final class ReadBounds {
  static final int MAX_READ_BYTES = 32 * 1024;
  static final int CHUNK_BYTES = MAX_READ_BYTES; // one chunk, so one write, per read

  private ReadBounds() {}

  static void apply(HttpConnection connection) {
    ChannelConfig config = ChannelAccess.channel(connection).config();
    config.setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(512, 2048, MAX_READ_BYTES));
    config.setAllocator(DirectReads.over(config.getAllocator()));
  }
}
