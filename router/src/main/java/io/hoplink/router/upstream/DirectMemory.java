package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Direct memory: what is in use, read when asked, and the ceiling it may not pass (0 when
 * unknown). Upstream reads size themselves by it, and the servers refuse requests near its
 * ceiling.
 *
 * @param used bytes in use now
 * @param ceiling the most there may be, in bytes; 0 when unknown
 */
public record DirectMemory(LongSupplier used, long ceiling) {
  /** This process's direct memory. */
  public static final DirectMemory PROCESS = ofProcess();

  public DirectMemory {
    requireNonNull(used, "used");
    if (ceiling < 0) {
      throw new IllegalArgumentException("ceiling: " + ceiling + " (expected: >= 0)");
    }
  }

  /** Bytes in use now. */
  public long usedBytes() {
    return used.getAsLong();
  }

  /**
   * Netty counts what its allocators take; the JDK counts the buffers it made, which are all of
   * them unless Netty allocates without the JDK's cleaner (then it counts Netty's apart, and the
   * upstream reads of {@link DirectReads} are in the JDK's only).
   */
  private static DirectMemory ofProcess() {
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElse(null);
    LongSupplier netty = () -> Math.max(0, PlatformDependent.usedDirectMemory());
    LongSupplier used;
    if (direct == null) {
      used = netty;
    } else if (PlatformDependent.useDirectBufferNoCleaner()) {
      used = () -> netty.getAsLong() + direct.getMemoryUsed();
    } else {
      used = () -> Math.max(netty.getAsLong(), direct.getMemoryUsed());
    }
    return new DirectMemory(used, Math.max(0, PlatformDependent.maxDirectMemory()));
  }
}
