package io.hoplink.router.tracing;

import zipkin2.Span;

/**
 * Where finished spans go: a telemeter's queue towards its collector. {@link #report} is called
 * on the request path, from any event loop: it never blocks and never throws; a span it cannot
 * keep is dropped and counted.
 */
public interface SpanReporter extends AutoCloseable {
  void report(Span span);

  /** Sends what is queued, as far as it can, then lets go of the collector. */
  @Override
  void close();
}
