package io.hoplink.router.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.forward.Exchange;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

class TracerTest {
  private final RecordingReporter reporter = new RecordingReporter();
  private final AtomicLong nanos = new AtomicLong(5_000_000);
  private final TracePropagator linkerd = new LinkerdTracePropagatorPlugin().newPropagator();
  private final TracePropagator b3 = new ZipkinTracePropagatorPlugin().newPropagator();

  private Tracer tracer(double rate) {
    return Tracer.sampling(List.of(reporter), rate, () -> 1_700_000_000_000_000L + nanos.get()
        / 1000, nanos::get, new Random(42)::nextLong);
  }

  /** An exchange that only answers what a trace reads on arrival. */
  private static Exchange exchange(MultiMap headers) {
    Map<String, Object> answers = Map.of("method", HttpMethod.GET, "path", "/hello?x=1",
        "authority", "hello", "localDtab", "/svc/hello=>/svc/world",
        "remoteAddress", SocketAddress.inetSocketAddress(40000, "10.1.2.3"), "headers", headers);
    return (Exchange) Proxy.newProxyInstance(Exchange.class.getClassLoader(),
        new Class<?>[] {Exchange.class}, (proxy, method, args) -> {
          if (!answers.containsKey(method.getName())) {
            throw new UnsupportedOperationException(method.getName());
          }
          return answers.get(method.getName());
        });
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void theNoopTracerLeavesTraceHeadersAsTheyCame() {
    MultiMap in = headers("l5d-ctx-trace", "abc", "l5d-sample", "1");
    RequestTrace trace = Tracer.NOOP.forRouter("out", linkerd).start(exchange(in));
    assertSame(RequestTrace.NONE, trace);
    assertSame(RequestTrace.AttemptTrace.NONE, trace.attempt(in, "/#/x", "/", "h", 1, false));
    assertEquals(2, in.size());
    assertSame(Tracer.NOOP, Tracer.sampling(List.of(), 1.0));
  }

  @Test
  void aSampledRequestRecordsItsServerSpanAndAClientSpanPerAttempt() {
    TraceContext caller = new TraceContext(0, 0x77, 0x55, 0x33, true, false);
    MultiMap in = headers("l5d-ctx-trace", LinkerdTracePropagator.write(caller));
    RequestTrace trace = tracer(0.0).forRouter("outgoing", linkerd).start(exchange(in));
    assertFalse(in.contains("l5d-ctx-trace"), "each attempt gets its own");
    trace.named("/svc/hello");
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    RequestTrace.AttemptTrace attempt = trace.attempt(out, "/#/io.l5d.fs/hello", "/", "10.0.0.9",
        8080, false);
    nanos.addAndGet(2_000_000);
    attempt.end(200, true);
    trace.end(200);

    Span server = reporter.only(Span.Kind.SERVER);
    Span client = reporter.only(Span.Kind.CLIENT);
    assertEquals("0000000000000077", server.traceId());
    assertEquals("0000000000000055", server.parentId(), "the caller's span is the parent");
    assertEquals(server.id(), client.parentId());
    assertEquals(server.traceId(), client.traceId());
    TraceContext sent = LinkerdTracePropagator.read(out.get("l5d-ctx-trace"));
    assertEquals(client.id(), TraceContext.hex(sent.spanId()));
    assertEquals(Boolean.TRUE, sent.sampled());
    assertEquals("0000000000000077", out.get("l5d-reqid"));

    assertEquals("outgoing /svc/hello", server.name());
    assertEquals("outgoing", server.localServiceName());
    assertEquals("10.1.2.3", server.remoteEndpoint().ipv4());
    assertEquals(40000, server.remoteEndpoint().portAsInt());
    assertEquals(Map.of("service", "/svc/hello", "dtab.local", "/svc/hello=>/svc/world",
        "http.req.method", "GET", "http.uri", "/hello?x=1", "http.req.host", "hello",
        "http.rsp.status", "200"), server.tags());
    assertEquals("get /hello", client.name());
    assertEquals("10.0.0.9", client.remoteEndpoint().ipv4());
    assertEquals(8080, client.remoteEndpoint().portAsInt());
    assertEquals("/#/io.l5d.fs/hello", client.tags().get("client"));
    assertNull(client.tags().get("residual"), "an empty residual is left out");
    assertEquals("1.0", client.tags().get("l5d.success"));
    assertEquals(2000, client.durationAsLong());
    assertTrue(client.annotations().isEmpty());
  }

  @Test
  void retriesAndRequeuesAreAnnotatedAndFailuresMarked() {
    RequestTrace trace = tracer(1.0).forRouter("outgoing", b3).start(exchange(headers()));
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    trace.attempt(out, "/#/a", "/r", "10.0.0.1", 80, false).end(-1, false);
    trace.attempt(out, "/#/a", "/r", "10.0.0.2", 80, true).end(503, false);
    trace.attempt(out, "/#/a", "/r", "10.0.0.1", 80, false).end(200, true);
    trace.end(200);
    trace.end(500); // once
    List<Span> clients = reporter.spans.stream().filter(s -> s.kind() == Span.Kind.CLIENT).toList();
    assertEquals(3, clients.size());
    assertEquals("no response", clients.get(0).tags().get("error"));
    assertEquals("/r", clients.get(0).tags().get("residual"));
    assertEquals("hoplink.requeue", clients.get(1).annotations().get(0).value());
    assertEquals("503", clients.get(1).tags().get("error"));
    assertEquals("finagle.retry", clients.get(2).annotations().get(0).value());
    assertEquals(4, reporter.spans.size());
    Span server = reporter.only(Span.Kind.SERVER);
    assertNull(server.parentId(), "a new trace: the server span is its root");
    assertEquals(server.id(), server.traceId());
    assertEquals(clients.get(2).id(), out.get("x-b3-spanid"));
    assertEquals(server.id(), out.get("x-b3-parentspanid"));
  }

  @Test
  void theRequestsOwnDecisionWinsOverTheRate() {
    RequestTrace off = tracer(1.0).forRouter("r", b3).start(exchange(headers("x-b3-sampled", "0")));
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    off.attempt(out, "/#/a", "/", "h", 1, false).end(200, true);
    off.end(200);
    assertTrue(reporter.spans.isEmpty(), "not recorded");
    assertEquals("0", out.get("x-b3-sampled"), "the decision travels on");

    RequestTrace on = tracer(0.0).forRouter("r", linkerd).start(exchange(headers("l5d-sample",
        "1.0")));
    on.end(200);
    assertEquals(1, reporter.spans.size());

    TraceContext debug = new TraceContext(0, 9, 8, 0, false, true);
    tracer(0.0).forRouter("r", linkerd).start(exchange(headers("l5d-ctx-trace",
        LinkerdTracePropagator.write(debug)))).end(200);
    assertTrue(reporter.spans.get(1).debug(), "debug traces are recorded whatever the rate");
  }

  @Test
  void newTracesAreSampledAtTheRate() {
    Tracer tracer = tracer(0.25);
    int recorded = 0;
    for (int i = 0; i < 4000; i++) {
      MultiMap out = MultiMap.caseInsensitiveMultiMap();
      RequestTrace trace = tracer.forRouter("r", linkerd).start(exchange(headers()));
      trace.attempt(out, "/#/a", "/", "h", 1, false);
      TraceContext sent = LinkerdTracePropagator.read(out.get("l5d-ctx-trace"));
      assertNotEquals(null, sent.sampled(), "decided here, for the hops after");
      recorded += sent.sampled() ? 1 : 0;
    }
    assertEquals(1000, recorded, 100); // 25 % of 4000, within 2.5 points
  }
}
