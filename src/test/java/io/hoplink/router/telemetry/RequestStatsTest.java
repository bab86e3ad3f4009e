package io.hoplink.router.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestStatsTest {
  @Test
  void statusCountersKnowTheirCodeAndKeepLinkerdsNames() {
    Metrics root = Metrics.newTree();
    RequestStats stats = new RequestStats(root.scope("rt", "in", "server", "0.0.0.0/4141"));
    for (int status : new int[] {200, 200, 502}) {
      stats.started();
      stats.ended(status, TimeUnit.MILLISECONDS.toNanos(3));
    }
    String scope = "rt/in/server/0.0.0.0/4141/";
    StatusCounter ok = assertInstanceOf(StatusCounter.class,
        root.snapshot().get(scope + "status/200"));
    assertEquals(200, ok.code());
    assertEquals(2, ok.getCount());
    assertEquals(1, ((StatusCounter) root.snapshot().get(scope + "status/502")).getCount());
    assertEquals(2, root.scope("rt", "in", "server", "0.0.0.0/4141").counter("status/2XX")
        .getCount());
    Stat latency = (Stat) root.snapshot().get(scope + "request_latency_ms");
    assertEquals(3, latency.buckets().cumulativeCounts()[2], "3 ms is within the 5 ms bucket");
  }

  @Test
  void changesCountAddedAndRemovedMetricsOnly() {
    Metrics root = Metrics.newTree();
    long before = root.changes();
    Metrics client = root.scope("rt", "out", "client", "a");
    client.counter("requests");
    client.gauge("pending", () -> 1);
    assertEquals(before + 2, root.changes());
    client.counter("requests").inc();
    client.gauge("pending", () -> 2);
    assertEquals(before + 2, root.changes(), "asking for a metric again changes nothing");
    client.removeAll();
    assertEquals(before + 4, root.changes());
  }
}
