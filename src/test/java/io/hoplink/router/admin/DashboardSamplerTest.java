package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardSamplerTest {
  private final Metrics metrics = Metrics.newTree();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final DashboardSampler sampler =
      new DashboardSampler(metrics, now::get, () -> now.get() / 1_000_000);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private static void requests(RequestStats stats, int n, int status, long millis) {
    for (int i = 0; i < n; i++) {
      stats.started();
      stats.ended(status, Duration.ofMillis(millis).toNanos());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> router(Map<String, Object> sample, int i) {
    return (Map<String, Object>) ((List<Object>) sample.get("routers")).get(i);
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(Map<String, Object> sample, String table) {
    return (List<List<Object>>) ((Map<String, Object>) sample.get(table)).get("rows");
  }

  @Test
  void ratesAreTheChangeSinceTheTickBeforeOverItsLength() {
    Metrics rt = metrics.scope("rt", "outgoing");
    RequestStats a = new RequestStats(rt.scope("server", "127.0.0.1/4140"));
    RequestStats b = new RequestStats(rt.scope("server", "0.0.0.0/4150"));
    AtomicInteger open = new AtomicInteger(3);
    rt.scope("server", "127.0.0.1/4140").gauge("connections", open::get);
    requests(a, 5, 200, 3);
    Map<String, Object> first = sampler.sample();
    assertNull(router(first, 0).get("rps"), "no rate before a second reading");
    assertEquals(5L, router(first, 0).get("requests"));

    requests(a, 18, 200, 3); // 3 ms: the (2, 5] bucket
    requests(b, 2, 503, 40); // 40 ms: the (25, 50] bucket
    advance(Duration.ofSeconds(2));
    Map<String, Object> second = router(sampler.sample(), 0);
    assertEquals(10.0, second.get("rps"), "20 requests in 2 s, both servers");
    assertEquals(0.9, second.get("successRate"));
    assertEquals(3.667, second.get("p50"), "rank 10 of 20, the 10th of 18 in (2, 5]: 2 + 3 * 10 / 18");
    assertEquals(47.5, second.get("p99"), "rank 19.8 of 20: in (25, 50], 1.8 of 2");
    assertEquals(3L, second.get("connections"));
    assertEquals(2L, second.get("failures"));

    advance(Duration.ofSeconds(1));
    Map<String, Object> idle = router(sampler.sample(), 0);
    assertEquals(0.0, idle.get("rps"));
    assertNull(idle.get("successRate"), "no request, no success rate");
    assertNull(idle.get("p50"));
  }

  @Test
  void servicesClientsAndEdgesAreRowsAndAScopeBornBetweenTicksCountsFromZero() {
    Metrics rt = metrics.scope("rt", "outgoing");
    RequestStats service = new RequestStats(rt.scope("service", "/svc/hello"));
    sampler.sample();
    Metrics client = rt.scope("client", "/#/io.l5d.fs/hello");
    RequestStats clientStats = new RequestStats(client);
    client.gauge("loadbalancer/size", () -> 3);
    client.gauge("loadbalancer/available", () -> 2);
    client.scope("service", "/svc/hello").counter("requests").inc(4);
    requests(clientStats, 4, 200, 1);
    requests(service, 4, 200, 1);
    rt.scope("service", "/svc/hello").counter("retries/total").inc(2);
    advance(Duration.ofSeconds(1));
    Map<String, Object> sample = sampler.sample();
    assertEquals(List.of("outgoing", "/svc/hello", 4.0, 1.0, 0.5, 0.95, 0.99, 0L, 2.0, 4L),
        rows(sample, "services").get(0));
    assertEquals(List.of("outgoing", "/#/io.l5d.fs/hello", 4.0, 1.0, 0.5, 0.95, 0.99, 0L, 0.0,
        4L, 3L, 2L, 0L), rows(sample, "clients").get(0));
    assertEquals(List.of(List.of("outgoing", "/svc/hello", "/#/io.l5d.fs/hello", 4.0, 4L)),
        sample.get("edges"));
    assertEquals(2.0, router(sample, 0).get("retriesPerSec"));
  }

  @Test
  void historyKeepsTheLastFiveMinutesAndAResetStartsWithoutRates() {
    new RequestStats(metrics.scope("rt", "outgoing", "server", "127.0.0.1/4140"));
    for (int i = 0; i < DashboardSampler.HISTORY + 20; i++) {
      sampler.sample();
      advance(Duration.ofSeconds(1));
    }
    @SuppressWarnings("unchecked")
    List<Object> points = (List<Object>) sampler.history().get("outgoing");
    assertEquals(DashboardSampler.HISTORY, points.size());
    sampler.reset();
    assertNull(router(sampler.sample(), 0).get("rps"));
  }

  @Test
  void quantilesInterpolateInsideTheBucketAsPrometheusDoes() {
    long[] delta = new long[14];
    delta[1] = 10; // (1, 2] ms
    assertEquals(1.5, LatencyQuantiles.quantile(0.5, delta), 1e-9);
    assertEquals(1.99, LatencyQuantiles.quantile(0.99, delta), 1e-9);
    delta[13] = 10; // above 10 s
    assertEquals(10_000.0, LatencyQuantiles.quantile(0.99, delta), 1e-9);
    assertNull(LatencyQuantiles.quantile(0.5, new long[14]));
    assertEquals(List.of(1L, 0L, 2L), java.util.Arrays.stream(LatencyQuantiles.delta(
        new long[] {3, 3, 7}, new long[] {2, 2, 4})).boxed().toList());
  }
}
