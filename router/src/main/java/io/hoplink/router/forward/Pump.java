package io.hoplink.router.forward;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.BooleanSupplier;

/** Body bytes move from a read side to a write side no faster than the write side drains. */
final class Pump {
  private Pump() {}

  /**
   * Writes {@code buf} to {@code out}; when that fills its queue, {@code in} pauses until the
   * queue drains, and then resumes only if {@code stillWanted} (the transfer was not stopped).
   */
  static void write(Buffer buf, WriteStream<Buffer> out, ReadStream<Buffer> in,
      BooleanSupplier stillWanted) {
    RelayChunks.write(out, buf);
    if (out.writeQueueFull()) {
      in.pause();
      resumeOnDrain(out, in, stillWanted);
    }
  }

  /** Resumes {@code in} once {@code out} drains, if {@code stillWanted}. */
  static void resumeOnDrain(WriteStream<Buffer> out, ReadStream<Buffer> in,
      BooleanSupplier stillWanted) {
    out.drainHandler(v -> {
      if (stillWanted.getAsBoolean()) {
        in.resume();
      }
    });
  }
}
