package io.hoplink.router.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An upstream connection's reads grow, read after full read, to 256 KiB while direct memory is
 * plentiful, and to 32 KiB while it is scarce: Netty's own guess, through the channel's config.
 */
class ReadBoundsTest {
  private static final long MIB = 1 << 20;

  @Test
  void readsThatFillTheirBuffersGrowTo256KiB() {
    assertEquals(256 * 1024, largestAfterFullReads(0));
  }

  @Test
  void whileDirectMemoryIsScarceTheyGrowTo32KiB() {
    assertEquals(32 * 1024, largestAfterFullReads(8 * MIB));
  }

  /** Reads as Netty's read loop does, each filling its buffer; the largest buffer given. */
  private static int largestAfterFullReads(long used) {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      ChannelConfig config = channel.config();
      ReadBounds.apply(config, new DirectMemory(new AtomicLong(used)::get, 64 * MIB));
      RecvByteBufAllocator.Handle reads = config.getRecvByteBufAllocator().newHandle();
      int largest = 0;
      for (int round = 0; round < 8; round++) {
        reads.reset(config);
        ByteBuf buf = reads.allocate(config.getAllocator());
        largest = Math.max(largest, buf.capacity());
        reads.attemptedBytesRead(buf.writableBytes());
        reads.lastBytesRead(buf.writableBytes());
        reads.incMessagesRead(1);
        buf.release();
        reads.readComplete();
      }
      return largest;
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
