package io.hoplink.router.forward;

import io.netty.channel.Channel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.BooleanSupplier;

/**
 * Response bytes relayed to an HTTP/2 stream, held to what the client's flow-control window
 * lets through. Vert.x reports a stream's queue full only once 16 writes wait behind a closed
 * window, some 64 KiB a stream, which 1000 zero-window streams turned into an exhausted heap.
 * Here the upstream pauses once {@link #HIGH_BYTES} are written but not yet sent, and reads again
 * when the window has taken them down to {@link #LOW_BYTES}.
 */
final class StreamWrites {
  static final int HIGH_BYTES = 16 * 1024;
  static final int LOW_BYTES = HIGH_BYTES / 2;

  private final WriteStream<Buffer> out;
  private final ReadStream<Buffer> in;
  private final BooleanSupplier stillWanted;
  private final SlowStreams slow;
  private final Runnable tooMany;
  private final Channel connection;
  private long unsent;
  private boolean paused;

  /**
   * {@code connection}: the client's, which frees a chunk whose write failed once its frames are
   * out ({@link RelayChunks#writeToStream});
   * {@code slow}: the server's count of paused streams; {@code tooMany} ends the exchange when
   * this one would pause past its limit.
   */
  StreamWrites(WriteStream<Buffer> out, ReadStream<Buffer> in, BooleanSupplier stillWanted,
      SlowStreams slow, Runnable tooMany, Channel connection) {
    this.out = out;
    this.in = in;
    this.stillWanted = stillWanted;
    this.slow = slow;
    this.tooMany = tooMany;
    this.connection = connection;
  }

  void write(Buffer buf) {
    int length = buf.length();
    unsent += length;
    RelayChunks.writeToStream(out, buf, connection).onComplete(ar -> sent(length));
    if (unsent > HIGH_BYTES) {
      if (!paused) {
        if (!slow.tryPause()) {
          tooMany.run();
          return;
        }
        paused = true;
        in.pause();
      }
    } else if (out.writeQueueFull()) {
      in.pause();
      Pump.resumeOnDrain(out, in, this::mayResume);
    }
  }

  /** Whether writing {@code length} more bytes now would pause the upstream (or it is paused). */
  boolean wouldPause(int length) {
    return paused || unsent + length > HIGH_BYTES;
  }

  private void sent(int length) {
    unsent -= length;
    if (paused && unsent <= LOW_BYTES) {
      paused = false;
      slow.resumed();
      if (stillWanted.getAsBoolean()) {
        in.resume();
      }
    }
  }

  /** The relay ended: a paused stream no longer counts as one. */
  void end() {
    if (paused) {
      paused = false;
      slow.resumed();
    }
  }

  private boolean mayResume() {
    return !paused && stillWanted.getAsBoolean();
  }
}
