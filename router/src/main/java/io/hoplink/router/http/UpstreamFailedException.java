package io.hoplink.router.http;

/**
 * The request had started towards the upstream when it failed; it may have been processed, and
 * its body may be partly consumed, so it cannot be forwarded again. When {@link
 * #responseStarted()} the client connection has already been reset.
 */
public final class UpstreamFailedException extends UpstreamException {
  private final boolean responseStarted;

  UpstreamFailedException(String host, int port, String message, Throwable cause,
      boolean responseStarted) {
    super(host, port, message, cause);
    this.responseStarted = responseStarted;
  }

  public boolean responseStarted() {
    return responseStarted;
  }
}
