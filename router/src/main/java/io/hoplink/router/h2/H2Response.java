package io.hoplink.router.h2;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * An upstream response whose head has arrived and whose body is held, not yet relayed to the
 * client (see {@link H2Exchange#send}). Exactly one of {@link #relay()} or {@link #discard()}
 * must follow; every method on the stream's event loop.
 */
public interface H2Response {
  /** How {@link #bufferToEnd} stopped. */
  enum Buffered {
    /** The stream ended: {@link #trailers()} are in. */
    ENDED,
    /** The body outgrew the limit before the end. */
    TOO_LONG,
    /** The end did not come in time. */
    TIMED_OUT,
    /** The upstream reset or lost the stream; {@link #failure()} says how. */
    FAILED
  }

  int status();

  /** The response headers as the upstream sent them; read them, do not change them. */
  MultiMap headers();

  /** Whether the stream has ended (a head with END_STREAM, or the end was buffered). */
  boolean ended();

  /** The trailers once {@link #ended()}; empty when there were none. */
  MultiMap trailers();

  /**
   * Reads the body into memory, without relaying it, until the stream ends, more than
   * {@code maxBytes} have come, or {@code timeoutMs} pass; whichever first. What was read is
   * relayed first if {@link #relay()} follows.
   */
  Future<Buffered> bufferToEnd(long maxBytes, long timeoutMs);

  /** Why the stream failed while it was held ({@link Buffered#FAILED}); null otherwise. */
  H2ForwardException failure();

  /**
   * Relays the head, what was buffered and the rest of the stream to the client, trailers
   * included; completes once the response has ended towards the client. A failure after this
   * point is answered by the exchange itself ({@link H2ForwardException#answered()}).
   */
  Future<H2Result> relay();

  /** Drops this response and resets its upstream stream; the exchange stays open. */
  void discard();
}
