package io.hoplink.router.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsSegmentsTest {
  @Test
  void identifiersWithSlashesStayOneSegment() {
    Metrics metrics = Metrics.newTree();
    metrics.scope("rt", "outgoing", "server", "127.0.0.1/4140").counter("status/200").inc();
    metrics.scope("rt", "outgoing").scope("service", "/svc/hello").stat("request_latency_ms");
    assertEquals(List.of("rt", "outgoing", "server", "127.0.0.1/4140", "status", "200"),
        metrics.segments("rt/outgoing/server/127.0.0.1/4140/status/200"));
    assertEquals(List.of("rt", "outgoing", "service", "svc/hello", "request_latency_ms"),
        metrics.segments("rt/outgoing/service/svc/hello/request_latency_ms"));
  }

  @Test
  void aNameTheTreeDidNotCreateSplitsAtEverySlash() {
    assertEquals(List.of("a", "b", "c"), Metrics.newTree().segments("a/b/c"));
  }

  @Test
  void removeAllForgetsTheScopesSegments() {
    Metrics metrics = Metrics.newTree();
    Metrics client = metrics.scope("rt", "out", "client", "$/inet/h/80");
    client.counter("requests");
    metrics.scope("rt", "out", "client", "$/inet/h/8080").counter("requests");
    client.removeAll();
    assertFalse(metrics.snapshot().containsKey("rt/out/client/$/inet/h/80/requests"));
    assertEquals(List.of("rt", "out", "client", "$", "inet", "h", "80", "requests"),
        metrics.segments("rt/out/client/$/inet/h/80/requests"));
    assertEquals(List.of("rt", "out", "client", "$/inet/h/8080", "requests"),
        metrics.segments("rt/out/client/$/inet/h/8080/requests"));
  }
}
