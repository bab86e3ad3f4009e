package io.hoplink.router.tracing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The process's tracer, made from its tracing telemeters: it decides which traces are recorded
 * and hands their spans to every telemeter's reporter. Without a tracing telemeter it is
 * {@link #NOOP}: no per-request work at all, and trace headers pass through untouched.
 */
public interface Tracer extends AutoCloseable {
  Tracer NOOP = new Tracer() {
    @Override
    public RouterTracing forRouter(String label, TracePropagator propagator) {
      return RouterTracing.NONE;
    }

    @Override
    public void close() {}
  };

  /**
   * Records the spans of traces sampled at {@code sampleRate} (0 to 1; a request's own rate or
   * decision wins) to each of {@code reporters}.
   */
  static Tracer sampling(List<SpanReporter> reporters, double sampleRate) {
    return sampling(reporters, sampleRate, Tracer::wallMicros, System::nanoTime,
        () -> ThreadLocalRandom.current().nextLong());
  }

  /** As above, with the clocks ({@code wallMicros} since the epoch) and ids given. */
  static Tracer sampling(List<SpanReporter> reporters, double sampleRate, LongSupplier wallMicros,
      LongSupplier nanoTime, RandomGenerator random) {
    requireNonNull(reporters, "reporters");
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sampleRate: " + sampleRate + " (expected: 0 to 1)");
    }
    if (reporters.isEmpty()) {
      return NOOP;
    }
    return new SamplingTracer(List.copyOf(reporters), sampleRate, requireNonNull(wallMicros,
        "wallMicros"), requireNonNull(nanoTime, "nanoTime"), requireNonNull(random, "random"));
  }

  /** The tracing of router {@code label}, whose trace headers {@code propagator} reads. */
  RouterTracing forRouter(String label, TracePropagator propagator);

  /** Closes the reporters once the routers that used them are gone. */
  @Override
  void close();

  private static long wallMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
