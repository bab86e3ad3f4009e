package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * How large an upstream HTTP/1.1 connection's next read is: Netty's adaptive guess (up to
 * {@link ReadBounds#MAX_READ_BYTES}) while the process's direct memory in use is at most a
 * {@link #SPARE_DIVISOR}th of its ceiling, and at most {@link ReadBounds#SCARCE_READ_BYTES}
 * past that. A client that reads slowly holds its response's last read, so large reads are only
 * taken while few are held. The read loop asks for a buffer of the size guessed, so the
 * allocator still gives what it is asked for.
 */
final class ReadSizes extends AdaptiveRecvByteBufAllocator {
  /** Reads may be large while at most this share (1/n) of the direct memory ceiling is in use. */
  static final int SPARE_DIVISOR = 16;

  private final DirectMemory memory;
  private final long spare;

  ReadSizes(DirectMemory memory) {
    super(512, 2048, ReadBounds.MAX_READ_BYTES);
    this.memory = requireNonNull(memory, "memory");
    this.spare = memory.ceiling() / SPARE_DIVISOR;
  }

  @Override
  public Handle newHandle() {
    return new Cut((ExtendedHandle) super.newHandle());
  }

  /** {@code guess}, or the scarce size when memory is scarce and it is larger. */
  int cut(int guess) {
    return guess > ReadBounds.SCARCE_READ_BYTES && memory.usedBytes() > spare
        ? ReadBounds.SCARCE_READ_BYTES
        : guess;
  }

  /** Netty's handle, its guess cut. */
  private final class Cut extends DelegatingHandle implements ExtendedHandle {
    private final ExtendedHandle adaptive;

    Cut(ExtendedHandle adaptive) {
      super(adaptive);
      this.adaptive = adaptive;
    }

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      return alloc.ioBuffer(guess());
    }

    @Override
    public int guess() {
      return cut(adaptive.guess());
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return adaptive.continueReading(maybeMoreDataSupplier);
    }
  }
}
