package io.hoplink.router.forward;

import io.hoplink.router.upstream.ReadEnds;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * A relayed body's latest chunk, kept back until the end of the upstream read (or of the drain
 * of queued chunks) that brought it, so that it leaves together with the response's end if that
 * came in the same read: one HTTP/2 DATA frame that ends the stream, rather than the chunk and an
 * empty frame after it, or one write of an HTTP/1.1 response's last bytes. A chunk never waits
 * longer: where no read or drain is sure to end, it is not kept. On the relay's event loop only.
 */
final class KeptChunk implements ReadEnds.Waiter {
  private final ReadEnds readEnds;
  private final Consumer<Buffer> writeOn;
  private final boolean allowed;
  private boolean draining;
  private boolean waiting;
  private Buffer kept;

  /**
   * {@code readEnds}: the upstream connection's (null: only drains keep a chunk back);
   * {@code writeOn} writes a chunk that goes without the end; {@code allowed}: whether ending the
   * client's response with a chunk frames it as writing the chunk would (its head is out, or it
   * has its length; else Vert.x would add one).
   */
  KeptChunk(ReadEnds readEnds, Consumer<Buffer> writeOn, boolean allowed) {
    this.readEnds = readEnds;
    this.writeOn = writeOn;
    this.allowed = allowed;
  }

  /**
   * Relays {@code buf}, the body's next chunk: a chunk kept before goes first; then {@code buf}
   * is kept back if it may wait ({@code pausing}: writing it would pause the body, and so must
   * not wait), else written at once.
   */
  void relay(Buffer buf, boolean pausing) {
    flush();
    if (allowed && !pausing && (draining || waiting || readEnds != null && readEnds.reading())) {
      kept = buf;
      if (!draining && !waiting) {
        waiting = true;
        readEnds.atEnd(this);
      }
    } else {
      writeOn.accept(buf);
    }
  }

  /** Runs {@code drain}, which hands queued chunks to {@link #relay}; then writes what it kept. */
  void drain(Runnable drain) {
    draining = true;
    try {
      drain.run();
    } finally {
      draining = false;
    }
    flush();
  }

  /** Keeps {@code buf} for the end that has come already: the body's last held chunk. */
  void keepForEnd(Buffer buf) {
    kept = buf;
  }

  /** The chunk to end the response with; null: none. */
  Buffer takeForEnd() {
    Buffer last = kept;
    kept = null;
    return last;
  }

  /** Whether a chunk is kept back: the client does not have it yet. */
  boolean holding() {
    return kept != null;
  }

  /** The relay stopped: a kept chunk is freed, never written. */
  void drop() {
    if (kept != null) {
      RelayChunks.drop(kept);
      kept = null;
    }
  }

  @Override
  public void readEnded() {
    waiting = false;
    if (!draining) {
      flush();
    }
  }

  private void flush() {
    Buffer last = kept;
    kept = null;
    if (last != null) {
      writeOn.accept(last);
    }
  }
}
