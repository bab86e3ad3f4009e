package io.hoplink.router.http;

/** Marks a request head the router refuses before any handler sees it: status and reason. */
final class RequestRejectedException extends RuntimeException {
  private final int status;

  RequestRejectedException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
