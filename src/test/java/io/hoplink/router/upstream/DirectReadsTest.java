package io.hoplink.router.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Upstream reads are as large as asked while direct memory is plentiful, and cut when not. */
class DirectReadsTest {
  private static final long MIB = 1 << 20;
  private static final int KIB = 1024;

  private final AtomicLong used = new AtomicLong();
  private final ByteBufAllocator reads =
      DirectReads.over(ByteBufAllocator.DEFAULT, new DirectMemory(used::get, 64 * MIB));

  @Test
  void aLargeReadIsAsLargeAsAskedWhileAtMostASixteenthOfTheCeilingIsInUse() {
    used.set(4 * MIB);
    assertEquals(256 * KIB, capacityOf(reads.ioBuffer(256 * KIB), true));
  }

  @Test
  void pastASixteenthALargeReadIsCutToTheScarceSize() {
    used.set(4 * MIB + 1);
    assertEquals(32 * KIB, capacityOf(reads.ioBuffer(256 * KIB), true));
    assertEquals(32 * KIB, capacityOf(reads.ioBuffer(64 * KIB), true));
    assertEquals(24 * KIB, capacityOf(reads.ioBuffer(24 * KIB), true), "smaller ones stay");
    used.set(MIB);
    assertEquals(256 * KIB, capacityOf(reads.ioBuffer(256 * KIB), true), "once freed");
  }

  @Test
  void smallReadsArePooledWhateverTheMemory() {
    used.set(63 * MIB);
    assertEquals(16 * KIB, capacityOf(reads.ioBuffer(16 * KIB), false));
    used.set(0);
    assertEquals(2 * KIB, capacityOf(reads.ioBuffer(2 * KIB), false));
  }

  @Test
  void withNoKnownCeilingReadsStayAtTheScarceSize() {
    ByteBufAllocator unknown = DirectReads.over(ByteBufAllocator.DEFAULT,
        new DirectMemory(() -> 1, 0));
    assertEquals(32 * KIB, capacityOf(unknown.ioBuffer(256 * KIB), true));
  }

  private static int capacityOf(ByteBuf buf, boolean owned) {
    try {
      assertTrue(buf.isDirect(), "direct");
      if (owned) {
        assertTrue(DirectReads.owns(buf), "a read of its own");
      } else {
        assertFalse(DirectReads.owns(buf), "pooled");
      }
      return buf.capacity();
    } finally {
      buf.release();
    }
  }
}
