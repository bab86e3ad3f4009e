package io.hoplink.router.forward;

import io.hoplink.router.upstream.DirectMemory;
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

  /** The gate over this process's direct memory. */
  static MemoryGate ofProcess() {
    return new MemoryGate(DirectMemory.PROCESS.used(), DirectMemory.PROCESS.ceiling());
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
