package io.hoplink.router.tracing;

import io.hoplink.router.hop.HopHeaders;
import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Linkerd's {@code io.l5d.default} propagator: the trace in {@code l5d-ctx-trace}, the base64 of
 * Finagle's serialized {@code TraceId} (big-endian span id, parent id, trace id, flags; 8 more
 * bytes for the upper half of a 128-bit trace id), a sample rate in {@code l5d-sample}, and the
 * trace id in {@code l5d-reqid} on the way out.
 */
final class LinkerdTracePropagator implements TracePropagator {
  static final String TRACE = "l5d-ctx-trace";
  static final String SAMPLE = "l5d-sample";
  /** Finagle's Flags: debug, the sampling decision is known, and it is "sampled". */
  static final long DEBUG = 1;
  static final long SAMPLING_KNOWN = 1 << 1;
  static final long SAMPLED = 1 << 2;
  /** The base64 of 40 bytes is 56 characters: anything longer is not a trace. */
  private static final int MAX_TRACE_CHARS = 56;

  @Override
  public Incoming extract(MultiMap headers) {
    TraceContext context = read(headers.get(TRACE));
    double rate = TracePropagator.parseRate(headers.get(SAMPLE));
    headers.remove(TRACE);
    headers.remove(SAMPLE);
    return context == null && Double.isNaN(rate) ? Incoming.NONE : new Incoming(context, rate);
  }

  /** The context in an {@code l5d-ctx-trace} value; null when absent or malformed. */
  static TraceContext read(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_TRACE_CHARS) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length != 32 && bytes.length != 40) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long span = in.getLong();
    long parent = in.getLong();
    long trace = in.getLong();
    long flags = in.getLong();
    long high = bytes.length == 40 ? in.getLong() : 0;
    if (span == 0 || trace == 0 && high == 0) {
      return null;
    }
    Boolean sampled = (flags & SAMPLING_KNOWN) != 0 ? (flags & SAMPLED) != 0 : null;
    return new TraceContext(high, trace, span, parent == span ? 0 : parent, sampled,
        (flags & DEBUG) != 0);
  }

  @Override
  public void inject(MultiMap headers, TraceContext context) {
    headers.set(TRACE, write(context));
    headers.set(HopHeaders.REQUEST_ID, TraceContext.hex(context.traceId()));
  }

  /** {@code context} as Finagle's {@code TraceId.serialize} writes it, in base64. */
  static String write(TraceContext context) {
    ByteBuffer out = ByteBuffer.allocate(context.traceIdHigh() == 0 ? 32 : 40);
    out.putLong(context.spanId());
    out.putLong(context.parentId() == 0 ? context.spanId() : context.parentId());
    out.putLong(context.traceId());
    long flags = context.debug() ? DEBUG : 0;
    if (context.sampled() != null) {
      flags |= SAMPLING_KNOWN | (context.sampled() ? SAMPLED : 0);
    }
    out.putLong(flags);
    if (context.traceIdHigh() != 0) {
      out.putLong(context.traceIdHigh());
    }
    return Base64.getEncoder().encodeToString(out.array());
  }
}
