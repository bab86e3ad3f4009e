package io.hoplink.router.forward;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/2 streams of one server whose upstream is paused because their client reads slowly.
 * Each holds at most its own windows' worth in the router (16 KiB unsent to the client, the
 * upstream stream's window unread); past {@link #MAX_PAUSED} at once, a stream that would pause
 * is reset instead, so clients that stop reading cannot hold the heap between them.
 */
final class SlowStreams {
  static final int MAX_PAUSED = 256;

  private final int max;
  private final AtomicInteger paused = new AtomicInteger();

  SlowStreams(int max) {
    this.max = max;
  }

  /** A stream is to pause: whether it may (false: it is one too many). */
  boolean tryPause() {
    if (paused.incrementAndGet() > max) {
      paused.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A paused stream read on or ended. */
  void resumed() {
    paused.decrementAndGet();
  }

  int paused() {
    return paused.get();
  }
}
