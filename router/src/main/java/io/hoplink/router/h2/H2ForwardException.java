package io.hoplink.router.h2;

/**
 * An attempt that did not relay a whole response.
 *
 * <p>{@link #retryable()}: the upstream never saw the request (no connection, or the stream was
 * refused with REFUSED_STREAM), so it may be sent elsewhere. {@link #resetCode()}: the upstream
 * reset the stream with this HTTP/2 error code ({@code -1}: it was no reset).
 * {@link #answered()}: the exchange has already ended towards the client (a reset was relayed,
 * or the client went away), so there is nothing left to answer.
 */
public final class H2ForwardException extends RuntimeException {
  static final long NO_RESET = -1;

  private final boolean retryable;
  private final boolean answered;
  private final long resetCode;

  H2ForwardException(String message, Throwable cause, boolean retryable, boolean answered) {
    this(message, cause, retryable, answered, NO_RESET);
  }

  H2ForwardException(String message, Throwable cause, boolean retryable, boolean answered,
      long resetCode) {
    super(message, cause, false, false);
    this.retryable = retryable;
    this.answered = answered;
    this.resetCode = resetCode;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean answered() {
    return answered;
  }

  public long resetCode() {
    return resetCode;
  }

  /** The same failure, now answered towards the client. */
  H2ForwardException asAnswered() {
    return answered ? this : new H2ForwardException(getMessage(), getCause(), retryable, true,
        resetCode);
  }
}
