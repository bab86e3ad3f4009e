package io.hoplink.router.tracing;

import java.util.random.RandomGenerator;

/**
 * One span's place in a trace, as Finagle's {@code TraceId} holds it and the trace propagators
 * carry it between hops: the trace id (64 bits, or 128 with {@code traceIdHigh}), the span's id,
 * its parent's (0: a root span), and the sampling decision.
 *
 * @param traceIdHigh the upper 64 bits of a 128-bit trace id; 0 for a 64-bit one
 * @param sampled true or false once decided, null while no hop has decided
 * @param debug Zipkin's debug flag: the trace is recorded whatever the sample rate
 */
public record TraceContext(long traceIdHigh, long traceId, long spanId, long parentId,
    Boolean sampled, boolean debug) {

  public TraceContext {
    if (traceId == 0 && traceIdHigh == 0) {
      throw new IllegalArgumentException("traceId: 0 (expected: not 0)");
    }
    if (spanId == 0) {
      throw new IllegalArgumentException("spanId: 0 (expected: not 0)");
    }
  }

  /** A new trace: one root span with random ids, not decided yet. */
  public static TraceContext newTrace(RandomGenerator random) {
    long id = nonZero(random);
    return new TraceContext(0, id, id, 0, null, false);
  }

  /** A span whose parent is this one: same trace and decision, a new span id. */
  public TraceContext child(RandomGenerator random) {
    return new TraceContext(traceIdHigh, traceId, nonZero(random), spanId, sampled, debug);
  }

  /** This context with the sampling decision {@code sampled}. */
  public TraceContext withSampled(boolean sampled) {
    return new TraceContext(traceIdHigh, traceId, spanId, parentId, sampled, debug);
  }

  /** Whether spans of this trace are recorded: sampled, or debug. */
  public boolean recorded() {
    return debug || Boolean.TRUE.equals(sampled);
  }

  /** The trace id as Zipkin writes it: 16 lower-hex digits, or 32 for a 128-bit id. */
  public String traceIdHex() {
    return traceIdHigh == 0 ? hex(traceId) : hex(traceIdHigh) + hex(traceId);
  }

  /** 16 lower-hex digits, zero-padded, as B3 and Zipkin write ids. */
  public static String hex(long id) {
    String digits = Long.toHexString(id);
    return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
  }

  private static long nonZero(RandomGenerator random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }
}
