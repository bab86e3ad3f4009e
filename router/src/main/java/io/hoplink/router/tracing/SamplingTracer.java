package io.hoplink.router.tracing;

import io.hoplink.router.forward.Exchange;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import zipkin2.Endpoint;
import zipkin2.Span;

/** A tracer with reporters: traces are continued or started, sampled, and recorded. */
final class SamplingTracer implements Tracer {
  private final List<SpanReporter> reporters;
  private final double sampleRate;
  final LongSupplier wallMicros;
  final LongSupplier nanoTime;
  final RandomGenerator random;
  private final Sampler sampler;

  SamplingTracer(List<SpanReporter> reporters, double sampleRate, LongSupplier wallMicros,
      LongSupplier nanoTime, RandomGenerator random) {
    this.reporters = reporters;
    this.sampleRate = sampleRate;
    this.wallMicros = wallMicros;
    this.nanoTime = nanoTime;
    this.random = random;
    this.sampler = new Sampler((int) random.nextLong());
  }

  @Override
  public RouterTracing forRouter(String label, TracePropagator propagator) {
    Endpoint local = Endpoint.newBuilder().serviceName(label).build();
    return exchange -> start(exchange, label, local, propagator);
  }

  private RequestTrace start(Exchange exchange, String label, Endpoint local,
      TracePropagator propagator) {
    TracePropagator.Incoming in = propagator.extract(exchange.headers());
    TraceContext server = in.context() == null ? TraceContext.newTrace(random)
        : in.context().child(random);
    if (!Double.isNaN(in.sampleRate())) {
      // The request's own rate or decision overrides the caller's, as Linkerd's l5d-sample does.
      server = server.withSampled(sampler.sample(in.sampleRate(), server.traceId()));
    } else if (server.sampled() == null) {
      server = server.withSampled(sampler.sample(sampleRate, server.traceId()));
    }
    return server.recorded() ? new RecordedRequest(this, server, exchange, label, local, propagator)
        : new PropagatedRequest(server, propagator, random);
  }

  void report(Span span) {
    for (SpanReporter reporter : reporters) {
      reporter.report(span);
    }
  }

  @Override
  public void close() {
    reporters.forEach(SpanReporter::close);
  }
}
