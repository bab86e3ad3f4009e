package io.hoplink.router.http;

/** Why {@link ProxyExchange#forward} failed; the subtype says whether a retry is safe. */
public abstract sealed class UpstreamException extends RuntimeException
    permits UpstreamNotWrittenException, UpstreamFailedException {
  private final String host;
  private final int port;

  UpstreamException(String host, int port, String message, Throwable cause) {
    super(host + ":" + port + ": " + message, cause);
    this.host = host;
    this.port = port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }
}
