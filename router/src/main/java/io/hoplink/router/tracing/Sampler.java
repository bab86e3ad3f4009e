package io.hoplink.router.tracing;

/**
 * Decides from a trace id alone whether a new trace is recorded, as Finagle's Zipkin sampler
 * does: the id's bits, salted per process, against the rate. Every hop that decides for a trace
 * decides alike only when their salts agree, so the decision travels with the trace instead.
 */
final class Sampler {
  private static final int BITS = 24;
  private static final int MASK = (1 << BITS) - 1;

  private final int salt;

  Sampler(int salt) {
    this.salt = salt;
  }

  /** Whether the trace {@code traceId} is recorded at {@code rate} (0 to 1). */
  boolean sample(double rate, long traceId) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    return ((Long.hashCode(traceId) ^ salt) & MASK) < rate * (1 << BITS);
  }
}
