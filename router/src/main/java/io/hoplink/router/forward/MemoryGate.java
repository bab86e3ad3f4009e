package io.hoplink.router.forward;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the process has the direct memory to take on another request. Every response in
 * flight holds some (a bounded amount per slow client); near the ceiling, where a read of the
 * next request or of a client's FIN could no longer be allocated and every connection would
 * stall, new requests are refused at once with a 503 instead, and those in flight go on.
 */
final class MemoryGate {
  /** The share of the direct memory ceiling past which new requests are refused. */
  static final double REFUSE_ABOVE = 0.75;

  private final LongSupplier used;
  private final long ceiling;
  private final long refuseAbove;

  MemoryGate(LongSupplier used, long ceiling) {
    this.used = used;
    this.ceiling = ceiling;
    this.refuseAbove = ceiling > 0 ? (long) (ceiling * REFUSE_ABOVE) : Long.MAX_VALUE;
  }

  /**
   * The process's direct memory. Netty counts what its allocators take; the JDK counts the
   * buffers it made, which are all of them unless Netty allocates without the JDK's cleaner (then
   * it counts Netty's apart, and the upstream reads of DirectReads are in the JDK's only).
   */
  static MemoryGate ofProcess() {
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
    return new MemoryGate(used, PlatformDependent.maxDirectMemory());
  }

  /** Whether new requests are to be refused. */
  boolean low() {
    return used() > refuseAbove;
  }

  /** Direct memory in use, in bytes. */
  long used() {
    return used.getAsLong();
  }

  /** Why requests are refused, for the 503 they get. */
  String describe() {
    return "router low on memory: " + (used() >> 20) + " of " + (ceiling >> 20)
        + " MiB of direct memory in use";
  }
}
