package io.hoplink.router.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class B3TracePropagatorTest {
  private final TracePropagator propagator = new B3TracePropagator();

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void readsTheMultiHeaderFormAndTakesEveryTraceHeaderOut() {
    MultiMap headers = headers("X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124",
        "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-ParentSpanId", "0020000000000001",
        "X-B3-Sampled", "1", "b3", "0", "l5d-ctx-trace", "x", "l5d-sample", "0", "x-app", "v");
    TracePropagator.Incoming in = propagator.extract(headers);
    assertEquals(new TraceContext(0x463ac35c9f6413adL, 0x48485a3953bb6124L, 0xa2fb4a1d1a96d312L,
        0x0020000000000001L, true, false), in.context());
    assertEquals(1.0, in.sampleRate());
    assertEquals(java.util.Set.of("x-app"), headers.names());
  }

  @Test
  void readsSamplingAndDebugAlone() {
    TracePropagator.Incoming off = propagator.extract(headers("x-b3-sampled", "0"));
    assertNull(off.context());
    assertEquals(0.0, off.sampleRate());
    TracePropagator.Incoming debug = propagator.extract(headers("x-b3-traceid",
        "0000000000000009", "x-b3-spanid", "5", "x-b3-flags", "1"));
    assertTrue(debug.context().debug());
    assertEquals(Boolean.TRUE, debug.context().sampled());
    TracePropagator.Incoming undecided = propagator.extract(headers("x-b3-traceid", "9",
        "x-b3-spanid", "5", "x-b3-sampled", "maybe"));
    assertNull(undecided.context().sampled());
    assertTrue(Double.isNaN(undecided.sampleRate()));
  }

  @Test
  void readsTheSingleHeader() {
    TraceContext full = propagator.extract(headers("b3",
        "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90")).context();
    assertEquals(new TraceContext(0x80f198ee56343ba8L, 0x64fe8b2a57d3eff7L, 0xe457b5a2e4d86bd1L,
        0x05e3ac9a4f6e3b90L, true, false), full);
    TraceContext bare = propagator.extract(headers("b3", "64fe8b2a57d3eff7-e457b5a2e4d86bd1"))
        .context();
    assertEquals(new TraceContext(0, 0x64fe8b2a57d3eff7L, 0xe457b5a2e4d86bd1L, 0, null, false),
        bare);
    assertTrue(propagator.extract(headers("b3", "a-b-d")).context().debug());
    assertEquals(0.0, propagator.extract(headers("b3", "0")).sampleRate());
    assertEquals(1.0, propagator.extract(headers("b3", "d")).sampleRate());
  }

  @Test
  void theMultiHeaderFormWinsOverTheSingleOne() {
    TraceContext context = propagator.extract(headers("b3", "1-2-1", "x-b3-traceid", "3",
        "x-b3-spanid", "4")).context();
    assertEquals(3, context.traceId());
    assertEquals(4, context.spanId());
  }

  @Test
  void malformedIdsCountAsAbsent() {
    String[][] bad = {
        {"x-b3-traceid", "xyz", "x-b3-spanid", "1"},
        {"x-b3-traceid", "1".repeat(33), "x-b3-spanid", "1"},
        {"x-b3-traceid", "1", "x-b3-spanid", "1".repeat(17)},
        {"x-b3-traceid", "1", "x-b3-spanid", "0"},
        {"x-b3-traceid", "0", "x-b3-spanid", "1"},
        {"x-b3-traceid", "1", "x-b3-spanid", "2", "x-b3-parentspanid", "-3"},
        {"x-b3-traceid", "1"},
        {"x-b3-traceid", "+1", "x-b3-spanid", "2"},
        {"b3", "1-2-1-4-5"},
        {"b3", "1".repeat(100)},
        {"b3", "zz-2"}};
    for (String[] headers : bad) {
      MultiMap in = headers(headers);
      assertEquals(TracePropagator.Incoming.NONE, propagator.extract(in),
          String.join(" ", headers));
      assertTrue(in.isEmpty());
    }
  }

  @Test
  void writesTheMultiHeaderForm() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    propagator.inject(headers, new TraceContext(0, 0xabcL, 0x3L, 0x2L, true, false));
    assertEquals("0000000000000abc", headers.get("x-b3-traceid"));
    assertEquals("0000000000000003", headers.get("x-b3-spanid"));
    assertEquals("0000000000000002", headers.get("x-b3-parentspanid"));
    assertEquals("1", headers.get("x-b3-sampled"));
    assertFalse(headers.contains("x-b3-flags"));
    MultiMap debug = MultiMap.caseInsensitiveMultiMap();
    propagator.inject(debug, new TraceContext(0x1L, 0xabcL, 0x3L, 0, true, true));
    assertEquals("00000000000000010000000000000abc", debug.get("x-b3-traceid"));
    assertEquals("1", debug.get("x-b3-flags"));
    assertFalse(debug.contains("x-b3-sampled")); // debug implies sampled
    assertFalse(debug.contains("x-b3-parentspanid")); // a root
  }
}
