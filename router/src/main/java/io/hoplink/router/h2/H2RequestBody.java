package io.hoplink.router.h2;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body of one exchange: read once from the client, with backpressure, and sent to
 * one attempt at a time. Its first bytes, up to a limit, are kept, so that another attempt can
 * be sent the whole body again; once more has been read than kept, it cannot.
 */
final class H2RequestBody {
  private final HttpServerRequest in;
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

  H2RequestBody(HttpServerRequest in) {
    this.in = in;
    this.ended = in.isEnded();
  }

  /** Keeps up to {@code maxBytes} for later attempts; before the first attempt. */
  void keep(long maxBytes) {
    if (readBytes == 0) {
      limit = Math.max(0, maxBytes);
    }
  }

  /** Whether all that was read is kept: another attempt can be sent the whole body. */
  boolean replayable() {
    return !overflowed;
  }

  /** The body's length once the client has sent it all; -1 before. */
  long knownLength() {
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
  }

  long readBytes() {
    return readBytes;
  }

  /** Sends the body to {@code target}: what is kept, then the rest as the client sends it. */
  void attach(HttpClientRequest target) {
    out = target;
    for (Buffer buf : overflowed ? unsent : kept) {
      target.write(buf);
    }
    unsent.clear();
    if (ended) {
      target.end();
      return;
    }
    if (!reading) {
      startReading();
    }
    if (target.writeQueueFull()) {
      target.drainHandler(v -> resumeFor(target));
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
    target.write(buf);
    if (target.writeQueueFull()) {
      in.pause();
      target.drainHandler(v -> resumeFor(target));
    }
  }

  private void onEnd() {
    ended = true;
    if (out != null) {
      out.end();
    }
  }

  private void resumeFor(HttpClientRequest target) {
    if (out == target && !ended) {
      in.resume();
    }
  }
}
