package io.hoplink.router.forward;

/**
 * Why an upstream attempt did not relay a whole response; the subtype says what the upstream
 * saw. {@link NotSent}: nothing, so the request may go elsewhere (a requeue). {@link Reset}: the
 * upstream reset the stream with an HTTP/2 error code. {@link Broken}: the attempt broke after it
 * was sent, by the upstream's fault or because the exchange ended first.
 */
public abstract sealed class ForwardFailure extends RuntimeException
    permits ForwardFailure.NotSent, ForwardFailure.Reset, ForwardFailure.Broken {
  public static final long NO_RESET = -1;
  static final long REFUSED_STREAM = 7;

  private final String where;

  private ForwardFailure(String where, String message, Throwable cause) {
    super(message, cause, false, false);
    this.where = where;
  }

  /** The endpoint, {@code host:port}. */
  public String where() {
    return where;
  }

  /** Whether the upstream never saw the request: it may be sent elsewhere. */
  public boolean notSent() {
    return false;
  }

  /** The HTTP/2 error code the upstream reset the stream with, or {@link #NO_RESET}. */
  public long resetCode() {
    return NO_RESET;
  }

  /** Whether the endpoint or the network is to blame (not the client, a timeout or the router). */
  public boolean upstreamFault() {
    return true;
  }

  /** Whether the connection failed in its TLS handshake. */
  public boolean tlsHandshake() {
    return sslCause(getCause()) != null;
  }

  /** The first TLS exception in {@code cause}'s chain, or null. */
  static javax.net.ssl.SSLException sslCause(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  /** No connection could be had, or the request head could not be written on it. */
  public static final class NotSent extends ForwardFailure {
    public NotSent(String where, String message, Throwable cause) {
      super(where, message, cause);
    }

    @Override
    public boolean notSent() {
      return true;
    }
  }

  /** The upstream reset the stream; REFUSED_STREAM means it never processed the request. */
  public static final class Reset extends ForwardFailure {
    private final long code;

    public Reset(String where, long code, Throwable cause) {
      super(where, code == REFUSED_STREAM ? where + " refused the stream"
          : where + " reset the stream (code " + code + ")", cause);
      this.code = code;
    }

    @Override
    public boolean notSent() {
      return code == REFUSED_STREAM;
    }

    @Override
    public long resetCode() {
      return code;
    }
  }

  /** The attempt broke after the request was sent: it cannot be sent again as it was. */
  public static final class Broken extends ForwardFailure {
    private final boolean upstreamFault;

    public Broken(String where, String message, Throwable cause, boolean upstreamFault) {
      super(where, message, cause);
      this.upstreamFault = upstreamFault;
    }

    @Override
    public boolean upstreamFault() {
      return upstreamFault;
    }
  }
}
