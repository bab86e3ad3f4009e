package io.hoplink.router.http;

/**
 * No connection could be had, or the request head could not be written on it: the upstream
 * saw nothing and the request body was not touched, so the exchange may be forwarded again
 * (a requeue) or answered with a 502.
 */
public final class UpstreamNotWrittenException extends UpstreamException {
  UpstreamNotWrittenException(String host, int port, Throwable cause) {
    super(host, port, "request not written: " + cause.getMessage(), cause);
  }
}
