package io.hoplink.router.tracing;

import io.vertx.core.MultiMap;
import java.util.random.RandomGenerator;

/** A trace that is not recorded here: each attempt still carries the trace and its decision. */
final class PropagatedRequest implements RequestTrace {
  private final TraceContext server;
  private final TracePropagator propagator;
  private final RandomGenerator random;

  PropagatedRequest(TraceContext server, TracePropagator propagator, RandomGenerator random) {
    this.server = server;
    this.propagator = propagator;
    this.random = random;
  }

  @Override
  public void named(String service) {}

  @Override
  public AttemptTrace attempt(MultiMap headers, String client, String residual, String host,
      int port, boolean requeue) {
    propagator.inject(headers, server.child(random));
    return AttemptTrace.NONE;
  }

  @Override
  public void end(int status) {}
}
