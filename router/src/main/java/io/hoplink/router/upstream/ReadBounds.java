package io.hoplink.router.upstream;

import io.hoplink.router.http.ChannelAccess;
import io.netty.channel.ChannelConfig;
import io.vertx.core.http.HttpConnection;

/**
 * How much an upstream HTTP/1.1 connection reads at once, and so how much it reads ahead of its
 * client. A relayed response that pauses stops its connection's reads at once (Netty's read loop
 * checks auto-read after each read), so what a slow client's response holds in the router is at
 * most the rest of one read. Each read is relayed as one chunk, one write to the client: the
 * larger the reads, the fewer the writes, and the fewer times the client is woken. Reads grow to
 * {@link #MAX_READ_BYTES} while direct memory is plentiful, and stay within
 * {@link #SCARCE_READ_BYTES} while it is not ({@link ReadSizes}), which bounds what many slow
 * clients hold together. 1 MiB responses through one router on one core, back to back by hand:
 * 32 KiB reads 520 to 616 responses a second, 64 KiB 828, 128 KiB 863 to 867, 256 KiB 1 149;
 * smaller reads (16 KiB, 4 KiB) cost more still.
 */
final class ReadBounds {
  static final int MAX_READ_BYTES = 256 * 1024;
  /** The most a read takes while direct memory is scarce. */
  static final int SCARCE_READ_BYTES = 32 * 1024;
  static final int CHUNK_BYTES = MAX_READ_BYTES; // one chunk, so one write, per read

  private ReadBounds() {}

  static void apply(HttpConnection connection) {
    apply(ChannelAccess.channel(connection).config(), DirectMemory.PROCESS);
  }

  static void apply(ChannelConfig config, DirectMemory memory) {
    config.setRecvByteBufAllocator(new ReadSizes(memory));
    config.setAllocator(DirectReads.over(config.getAllocator()));
  }
}
