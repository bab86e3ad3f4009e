package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.upstream.DirectReads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryGateTest {
  private static final long MIB = 1 << 20;

  @Test
  void requestsAreRefusedOnlyPastThreeQuartersOfTheCeiling() {
    AtomicLong used = new AtomicLong(48 * MIB);
    MemoryGate gate = new MemoryGate(used::get, 64 * MIB);
    assertFalse(gate.low(), "48 of 64 MiB is exactly three quarters");
    used.set(48 * MIB + 1);
    assertTrue(gate.low());
    assertEquals("router low on memory: 48 of 64 MiB of direct memory in use", gate.describe());
    used.set(10 * MIB);
    assertFalse(gate.low(), "refusals end as soon as memory is freed");
  }

  @Test
  void withNoKnownCeilingNothingIsRefused() {
    assertFalse(new MemoryGate(() -> Long.MAX_VALUE, 0).low());
  }

  @Test
  void theProcessGateReadsThisProcessesDirectMemory() {
    assertFalse(MemoryGate.ofProcess().low(), "a test JVM is not short of direct memory");
  }

  @Test
  void theProcessGateCountsEachBufferOnce() {
    MemoryGate gate = MemoryGate.ofProcess();
    long before = gate.used();
    ByteBuf pooled = ByteBufAllocator.DEFAULT.directBuffer(16 * (int) MIB); // Netty's and the JDK's
    ByteBuf own = DirectReads.over(ByteBufAllocator.DEFAULT).directBuffer(32 * 1024); // the JDK's
    try {
      long grown = gate.used() - before;
      assertTrue(grown >= 16 * MIB && grown < 24 * MIB, "counted " + (grown >> 20) + " MiB for 16");
    } finally {
      pooled.release();
      own.release();
    }
  }
}
