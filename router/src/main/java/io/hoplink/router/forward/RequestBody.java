package io.hoplink.router.forward;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The request body of one exchange: read once from the client, with backpressure, and sent to
 * one attempt at a time. Its first bytes, up to a limit, are kept, so that another attempt can
 * be sent the whole body again; once more has been read than kept, it cannot.
 */
final class RequestBody {
  private final HttpServerRequest in;
  private final long declared;
  private final List<Buffer> kept = new ArrayList<>();
  /** Read while no attempt was attached, not yet sent: what attach sends when not all is kept. */
  private final List<Buffer> unsent = new ArrayList<>();
  private long limit;
  private long keptBytes;
  private long readBytes;
  private boolean overflowed;
  private boolean ended;
  private boolean reading;
  private HttpClientRequest out;
  /** Whether reading should go on after the attached attempt's queue drains. */
  private BooleanSupplier stillWanted = () -> false;
  private final Vertx vertx;
  private final long stallNanos;
  private final Runnable onStall;
  private long lastBytesNanos;
  private long stallTimer = -1;

  /**
   * {@code declared}: the length the head announced, 0 for none, -1 when unknown. When the
   * client sends nothing for {@code stallTimeout} while an attempt takes the body as fast as it
   * comes, {@code onStall} runs (once; not for time the router held the body back).
   */
  RequestBody(HttpServerRequest in, long declared, Vertx vertx, Duration stallTimeout,
      Runnable onStall) {
    this.in = in;
    this.declared = declared;
    this.ended = in.isEnded();
    this.vertx = vertx;
    this.stallNanos = stallTimeout.toNanos();
    this.onStall = onStall;
  }

  /** Keeps up to {@code maxBytes} for later attempts; before anything was read. */
  void keep(long maxBytes) {
    if (readBytes == 0) {
      limit = Math.max(0, maxBytes);
    }
  }

  /** Whether all that was read is kept: another attempt can be sent the whole body. */
  boolean replayable() {
    return !overflowed;
  }

  /** The body's length: as declared, or once the client has sent it all; -1 before. */
  long knownLength() {
    if (declared >= 0) {
      return declared;
    }
    return ended ? readBytes : -1;
  }

  /**
   * Starts reading before an attempt is attached, up to the first bytes or the end: a hop that
   * must frame the body up front (HTTP/1.1) can then tell a request without a body from one that
   * streams.
   */
  void readAhead() {
    if (!reading && !ended) {
      startReading();
      in.resume();
    }
  }

  private void startReading() {
    reading = true;
    in.handler(this::onData);
    in.endHandler(v -> onEnd());
    lastBytesNanos = System.nanoTime();
    watchForStall(stallNanos);
  }

  private void watchForStall(long inNanos) {
    // a head that announces no body has nothing left to stall on: only its end, in the same read
    if (stallNanos > 0 && !ended && declared != 0) {
      stallTimer = vertx.setTimer(Math.max(1, inNanos / 1_000_000), id -> checkStall());
    }
  }

  /**
   * One timer for the whole body, moved on lazily: the client is stalling only while an attempt
   * takes the body and its queue has room; time waiting for an attempt or for the upstream to
   * drain starts the count again.
   */
  private void checkStall() {
    stallTimer = -1;
    if (ended) {
      return;
    }
    long now = System.nanoTime();
    HttpClientRequest target = out;
    if (target == null || target.writeQueueFull()) {
      lastBytesNanos = now;
    }
    long quiet = now - lastBytesNanos;
    if (quiet >= stallNanos) {
      onStall.run();
    } else {
      watchForStall(stallNanos - quiet);
    }
  }

  /** The exchange ended: no more watching. */
  void stopWatching() {
    if (stallTimer >= 0) {
      vertx.cancelTimer(stallTimer);
      stallTimer = -1;
    }
  }

  /**
   * Sends the body to {@code target}: what is kept, then the rest as the client sends it. With
   * {@code headEnded}, the request went out without a body (it has none): only its end is read.
   */
  void attach(HttpClientRequest target, boolean headEnded) {
    if (!reading && !ended) {
      startReading();
    }
    if (headEnded) {
      if (!ended) {
        in.resume(); // lets the end of a bodiless request through
      }
      return;
    }
    out = target;
    stillWanted = () -> out == target && !ended;
    for (Buffer buf : overflowed ? unsent : kept) {
      target.write(buf);
    }
    unsent.clear();
    if (ended) {
      target.end();
      return;
    }
    if (target.writeQueueFull()) {
      Pump.resumeOnDrain(target, in, stillWanted);
    } else {
      in.resume();
    }
  }

  /** {@code target}'s attempt is over: reading waits for the next attempt. */
  void detach(HttpClientRequest target) {
    if (out == target) {
      out = null;
      if (!ended) {
        in.pause();
      }
    }
  }

  /** No attempt will follow: the kept bytes go, and the body streams on to the current one. */
  void release() {
    kept.clear();
    keptBytes = 0;
    limit = 0;
    overflowed = true;
  }

  private void onData(Buffer buf) {
    readBytes += buf.length();
    lastBytesNanos = System.nanoTime();
    if (!overflowed) {
      if (keptBytes + buf.length() <= limit) {
        kept.add(buf);
        keptBytes += buf.length();
      } else {
        release();
      }
    }
    HttpClientRequest target = out;
    if (target == null) {
      unsent.add(buf);
      in.pause();
      return;
    }
    Pump.write(buf, target, in, stillWanted);
  }

  private void onEnd() {
    ended = true;
    stopWatching();
    if (out != null) {
      out.end();
    }
  }
}
