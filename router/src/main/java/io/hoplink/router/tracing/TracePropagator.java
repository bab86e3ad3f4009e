package io.hoplink.router.tracing;

import io.vertx.core.MultiMap;

/**
 * How a router reads a request's trace from its headers and writes the trace of each attempt it
 * sends on (Linkerd's {@code tracePropagator}). What a request carries is client input: an
 * unreadable header counts as absent, and nothing read is trusted beyond its bounds.
 */
public interface TracePropagator {

  /**
   * What a request said of its trace.
   *
   * @param context the caller's span (null: none, or unreadable); the router's server span is
   *     its child
   * @param sampleRate the request's own sample rate, 0 to 1 ({@code l5d-sample}, or a B3
   *     sampling decision as 0 or 1); NaN when it named none
   */
  record Incoming(TraceContext context, double sampleRate) {
    public static final Incoming NONE = new Incoming(null, Double.NaN);
  }

  /** Reads the request's trace headers and takes them out: each attempt gets its own. */
  Incoming extract(MultiMap headers);

  /** Writes {@code context}, the attempt's span, onto the attempt's headers. */
  void inject(MultiMap headers, TraceContext context);

  /** A hex id of at most {@code maxDigits} digits, or null: empty, too long or not hex. */
  static Long parseHex(String text, int maxDigits) {
    if (text == null || text.isEmpty() || text.length() > maxDigits) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return null;
      }
    }
    return Long.parseUnsignedLong(text, 16);
  }

  /** A sample rate from a header, clamped to 0..1 as Linkerd does; NaN when unreadable. */
  static double parseRate(String text) {
    if (text == null || text.isEmpty() || text.length() > 32) {
      return Double.NaN;
    }
    try {
      double rate = Double.parseDouble(text.trim());
      return Double.isNaN(rate) ? Double.NaN : Math.max(0, Math.min(1, rate));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
