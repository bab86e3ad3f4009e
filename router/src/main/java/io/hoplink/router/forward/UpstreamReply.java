package io.hoplink.router.forward;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * An upstream response whose head has arrived and whose body is held, not yet relayed to the
 * client (see {@link Exchange#send}). Exactly one of {@link #relay()} or {@link #discard()} must
 * follow; every method on the exchange's event loop.
 */
public interface UpstreamReply {
  /** How {@link #bufferToEnd} stopped. */
  enum Buffered {
    /** The response ended: {@link #trailers()} are in. */
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

  /** The trailers once the response has ended; empty before, or when there were none. */
  MultiMap trailers();

  /**
   * Reads the body into memory, without relaying it, until the response ends, more than
   * {@code maxBytes} have come, or {@code timeoutMs} pass; whichever first. What was read is
   * relayed first if {@link #relay()} follows.
   */
  Future<Buffered> bufferToEnd(long maxBytes, long timeoutMs);

  /** Why the response failed while it was held ({@link Buffered#FAILED}); null otherwise. */
  ForwardFailure failure();

  /**
   * Relays the head (with the exchange's response headers set over it), what was buffered and
   * the rest of the body to the client, trailers included; completes once the response has
   * ended towards the client. A failure from here on has been answered by the exchange itself
   * (a reset, or gRPC trailers) and fails the future with a {@link ForwardFailure}.
   */
  Future<ForwardResult> relay();

  /** Drops this response and resets its upstream stream; the exchange stays open. */
  void discard();
}
