package io.hoplink.router.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkerdTracePropagatorTest {
  private final TracePropagator propagator = new LinkerdTracePropagator();

  /** Finagle's TraceId.serialize: span, parent, trace, flags (and the high bits), big-endian. */
  private static String finagle(long span, long parent, long trace, long flags, Long high) {
    ByteBuffer out = ByteBuffer.allocate(high == null ? 32 : 40);
    out.putLong(span).putLong(parent).putLong(trace).putLong(flags);
    if (high != null) {
      out.putLong(high);
    }
    return Base64.getEncoder().encodeToString(out.array());
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void readsFinaglesSerializedTraceIdAndTakesTheHeadersOut() {
    MultiMap headers = headers("l5d-ctx-trace",
        finagle(0x2222L, 0x1111L, 0xabcdefL, 2 | 4, null), "l5d-sample", "0.25", "x-other", "1");
    TracePropagator.Incoming in = propagator.extract(headers);
    assertEquals(new TraceContext(0, 0xabcdefL, 0x2222L, 0x1111L, true, false), in.context());
    assertEquals(0.25, in.sampleRate());
    assertEquals(1, headers.size(), headers.toString());
  }

  @Test
  void readsUndecidedDebugAnd128BitIds() {
    TraceContext undecided = LinkerdTracePropagator.read(finagle(5, 5, 9, 0, null));
    assertEquals(new TraceContext(0, 9, 5, 0, null, false), undecided); // parent == span: a root
    TraceContext notSampled = LinkerdTracePropagator.read(finagle(5, 4, 9, 2, null));
    assertEquals(Boolean.FALSE, notSampled.sampled());
    TraceContext debug = LinkerdTracePropagator.read(finagle(5, 4, 9, 1, 0x77L));
    assertTrue(debug.debug());
    assertTrue(debug.recorded());
    assertEquals(0x77L, debug.traceIdHigh());
    assertEquals("0000000000000077" + "0000000000000009", debug.traceIdHex());
  }

  @Test
  void writesWhatFinagleWritesAndTheTraceIdAsRequestId() {
    MultiMap headers = headers("l5d-reqid", "random");
    propagator.inject(headers, new TraceContext(0, 0xabcdefL, 0x3333L, 0x2222L, true, false));
    assertEquals(finagle(0x3333L, 0x2222L, 0xabcdefL, 2 | 4, null), headers.get("l5d-ctx-trace"));
    assertEquals("0000000000abcdef", headers.get("l5d-reqid"));
    propagator.inject(headers, new TraceContext(0x77L, 9, 5, 0, false, true));
    assertEquals(finagle(5, 5, 9, 1 | 2, 0x77L), headers.get("l5d-ctx-trace"));
  }

  @Test
  void roundTrips() {
    TraceContext context = new TraceContext(-1L, Long.MIN_VALUE, -5L, 42, true, false);
    assertEquals(context, LinkerdTracePropagator.read(LinkerdTracePropagator.write(context)));
  }

  @Test
  void malformedHeadersCountAsAbsent() {
    for (String bad : new String[] {"", "not base64!", finagle(1, 1, 1, 0, null).substring(4),
        Base64.getEncoder().encodeToString(new byte[33]), finagle(0, 1, 1, 0, null),
        finagle(1, 1, 0, 0, null), "A".repeat(10_000)}) {
      MultiMap headers = headers("l5d-ctx-trace", bad);
      assertEquals(TracePropagator.Incoming.NONE, propagator.extract(headers), bad);
      assertTrue(headers.isEmpty());
    }
  }

  @Test
  void sampleRatesAreClampedAsLinkerdDoes() {
    assertEquals(1.0, propagator.extract(headers("l5d-sample", "7")).sampleRate());
    assertEquals(0.0, propagator.extract(headers("l5d-sample", "-1")).sampleRate());
    assertTrue(Double.isNaN(propagator.extract(headers("l5d-sample", "NaN")).sampleRate()));
    assertTrue(Double.isNaN(propagator.extract(headers("l5d-sample", "lots")).sampleRate()));
    assertNull(propagator.extract(headers("l5d-sample", "1")).context());
  }
}
