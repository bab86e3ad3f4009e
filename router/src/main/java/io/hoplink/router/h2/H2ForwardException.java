package io.hoplink.router.h2;

/**
 * A forward that did not relay a whole response.
 *
 * <p>{@link #retryable()}: the upstream never saw the request (no connection, or the stream was
 * refused with REFUSED_STREAM), so it may be sent elsewhere. {@link #answered()}: the exchange
 * has already ended towards the client (a reset was relayed, or the client went away), so there
 * is nothing left to answer.
 */
public final class H2ForwardException extends RuntimeException {
  private final boolean retryable;
  private final boolean answered;

  H2ForwardException(String message, Throwable cause, boolean retryable, boolean answered) {
    super(message, cause, false, false);
    this.retryable = retryable;
    this.answered = answered;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean answered() {
    return answered;
  }
}
