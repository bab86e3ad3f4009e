package io.hoplink.router.tracing;

import io.hoplink.router.forward.Exchange;

/** The tracing of one router's requests: a trace per request, its headers read on arrival. */
public interface RouterTracing {
  /** No tracer: requests pass their trace headers on untouched, and nothing is recorded. */
  RouterTracing NONE = exchange -> RequestTrace.NONE;

  /**
   * Starts the trace of {@code exchange}: continues the trace its headers carry (taking them
   * out; each attempt gets its own) or starts one, and decides whether it is recorded.
   */
  RequestTrace start(Exchange exchange);
}
