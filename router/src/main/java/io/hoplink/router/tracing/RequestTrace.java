package io.hoplink.router.tracing;

import io.vertx.core.MultiMap;

/**
 * The trace of one request at a router: its server span, and a client span per upstream attempt.
 * Called on the request's event loop. A request that is not traced has {@link #NONE}, which does
 * nothing and leaves the request's trace headers as they came.
 */
public interface RequestTrace {
  RequestTrace NONE = new RequestTrace() {
    @Override
    public void named(String service) {}

    @Override
    public AttemptTrace attempt(MultiMap headers, String client, String residual, String host,
        int port, boolean requeue) {
      return AttemptTrace.NONE;
    }

    @Override
    public void end(int status) {}
  };

  /** The identifier named the request {@code service} (such as {@code /svc/hello}). */
  void named(String service);

  /**
   * An attempt to {@code host:port}, of bound name {@code client} with {@code residual}, is
   * about to be sent with {@code headers}: its span's context is written onto them.
   * {@code requeue}: the attempt before it never reached its endpoint.
   */
  AttemptTrace attempt(MultiMap headers, String client, String residual, String host, int port,
      boolean requeue);

  /** The request ended with {@code status} sent to the client (-1: a reset); once. */
  void end(int status);

  /** One upstream attempt's client span. */
  interface AttemptTrace {
    AttemptTrace NONE = (status, success) -> { };

    /** The attempt ended with {@code status} (-1: none) judged {@code success}; once. */
    void end(int status, boolean success);
  }
}
