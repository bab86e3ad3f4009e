package io.hoplink.router.tracing;

import io.vertx.core.MultiMap;

/**
 * Linkerd's {@code io.l5d.zipkin} propagator: Zipkin's B3 headers {@code x-b3-traceid}
 * (16 or 32 hex digits), {@code x-b3-spanid}, {@code x-b3-parentspanid}, {@code x-b3-sampled}
 * ({@code 1}/{@code 0}, or {@code true}/{@code false}) and {@code x-b3-flags} ({@code 1}:
 * debug). A request may instead carry the single {@code b3} header
 * ({@code traceid-spanid[-sampled[-parentspanid]]}, or only {@code 0}, {@code 1} or {@code d}),
 * read when {@code x-b3-traceid} is absent. Attempts carry the multi-header form, as Linkerd's did;
 * a {@code b3} header is not sent on. Linkerd's own {@code l5d-ctx-trace} and
 * {@code l5d-sample} are taken out too.
 */
final class B3TracePropagator implements TracePropagator {
  static final String TRACE_ID = "x-b3-traceid";
  static final String SPAN_ID = "x-b3-spanid";
  static final String PARENT_ID = "x-b3-parentspanid";
  static final String SAMPLED = "x-b3-sampled";
  static final String FLAGS = "x-b3-flags";
  static final String SINGLE = "b3";
  /** 32 + 16 + 16 hex digits, a sampling state and three dashes. */
  private static final int MAX_SINGLE_CHARS = 68;

  @Override
  public Incoming extract(MultiMap headers) {
    Incoming in = headers.contains(TRACE_ID) || !headers.contains(SINGLE)
        ? multi(headers) : single(headers.get(SINGLE));
    for (String name : new String[] {TRACE_ID, SPAN_ID, PARENT_ID, SAMPLED, FLAGS, SINGLE,
        LinkerdTracePropagator.TRACE, LinkerdTracePropagator.SAMPLE}) {
      headers.remove(name);
    }
    return in;
  }

  private static Incoming multi(MultiMap headers) {
    boolean debug = "1".equals(headers.get(FLAGS));
    Boolean sampled = debug ? Boolean.TRUE : sampled(headers.get(SAMPLED));
    TraceContext context = context(headers.get(TRACE_ID), headers.get(SPAN_ID),
        headers.get(PARENT_ID), sampled, debug);
    return incoming(context, sampled);
  }

  private static Incoming single(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_SINGLE_CHARS) {
      return Incoming.NONE;
    }
    String[] parts = value.trim().split("-", -1);
    if (parts.length == 1) {
      boolean debug = "d".equals(parts[0]);
      return incoming(null, debug ? Boolean.TRUE : sampled(parts[0]));
    }
    if (parts.length > 4) {
      return Incoming.NONE;
    }
    boolean debug = parts.length > 2 && "d".equals(parts[2]);
    Boolean sampled = parts.length > 2 ? (debug ? Boolean.TRUE : sampled(parts[2])) : null;
    TraceContext context = context(parts[0], parts[1], parts.length > 3 ? parts[3] : null,
        sampled, debug);
    return incoming(context, sampled);
  }

  private static Incoming incoming(TraceContext context, Boolean sampled) {
    double rate = sampled == null ? Double.NaN : sampled ? 1 : 0;
    return context == null && sampled == null ? Incoming.NONE : new Incoming(context, rate);
  }

  /** {@code 1} or {@code true}, {@code 0} or {@code false}; anything else: undecided. */
  private static Boolean sampled(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1", "true" -> Boolean.TRUE;
      case "0", "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static TraceContext context(String traceId, String spanId, String parentId,
      Boolean sampled, boolean debug) {
    if (traceId == null || traceId.length() > 32) {
      return null;
    }
    int split = Math.max(0, traceId.length() - 16);
    Long high = split == 0 ? Long.valueOf(0)
        : TracePropagator.parseHex(traceId.substring(0, split), 16);
    Long low = TracePropagator.parseHex(traceId.substring(split), 16);
    Long span = TracePropagator.parseHex(spanId, 16);
    Long parent = parentId == null ? Long.valueOf(0) : TracePropagator.parseHex(parentId, 16);
    if (high == null || low == null || span == null || parent == null || span == 0
        || high == 0 && low == 0) {
      return null;
    }
    return new TraceContext(high, low, span, parent, sampled, debug);
  }

  @Override
  public void inject(MultiMap headers, TraceContext context) {
    headers.set(TRACE_ID, context.traceIdHex());
    headers.set(SPAN_ID, TraceContext.hex(context.spanId()));
    if (context.parentId() != 0) {
      headers.set(PARENT_ID, TraceContext.hex(context.parentId()));
    }
    if (context.debug()) {
      headers.set(FLAGS, "1");
    } else if (context.sampled() != null) {
      headers.set(SAMPLED, context.sampled() ? "1" : "0");
    }
  }
}
