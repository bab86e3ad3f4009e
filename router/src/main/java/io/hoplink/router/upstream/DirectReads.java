package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * What an upstream HTTP/1.1 connection reads into. Vert.x copies every read from one of Netty's
 * pooled allocators to the heap before the router sees it, and the write to the client copies it
 * back to direct memory: two copies of each body byte, and a megabyte of garbage per megabyte
 * relayed. Reads of more than {@link #LARGE_BYTES} come from direct memory of their own instead,
 * which Vert.x hands over as it is: the relay frees a chunk as soon as the client's socket has
 * taken it ({@code RelayChunks}), and one that is lost on the way goes back when the garbage
 * collector finds it, never into a pool. Smaller reads, and the channel's other buffers,
 * come from the connection's own allocator.
 */
public final class DirectReads extends AbstractByteBufAllocator {
  /**
   * Up to this, a buffer is pooled (and a read copied: for a small read that costs less than an
   * allocation of its own). It is above what else asks the channel for direct memory: the direct
   * copy of a request body's chunk (at most 8 KiB from an HTTP/1.1 client, 16 KiB from an HTTP/2
   * frame) and an encoder's buffer for a request head.
   */
  static final int LARGE_BYTES = 16 * 1024;
  /** With a cleaner, so that what is not freed is collected; no leak records, for the same reason. */
  private static final ByteBufAllocator OWN = new UnpooledByteBufAllocator(true, true, false);

  private final ByteBufAllocator pooled;

  private DirectReads(ByteBufAllocator pooled) {
    super(true);
    this.pooled = pooled;
  }

  /** Large direct buffers of their own; the rest from {@code pooled}. */
  public static ByteBufAllocator over(ByteBufAllocator pooled) {
    return new DirectReads(requireNonNull(pooled, "pooled"));
  }

  /** Whether {@code buf} (or what it is a slice of) was read into memory of its own. */
  public static boolean owns(ByteBuf buf) {
    return buf.alloc() == OWN;
  }

  /**
   * Netty reads into direct buffers of the size it guesses (see ReadBounds and ReadSizes);
   * the epoll transport asks for them as plain direct buffers, so the size tells them apart.
   */
  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return initialCapacity > LARGE_BYTES
        ? OWN.directBuffer(initialCapacity, maxCapacity)
        : pooled.directBuffer(initialCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return pooled.heapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return pooled.isDirectBufferPooled();
  }
}
