package io.hoplink.bench;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.ProcessGauges;
import io.hoplink.router.telemetry.RequestStats;
import io.hoplink.router.telemetry.TelemeterPage;
import io.hoplink.router.telemetry.prometheus.PrometheusTelemeterPlugin;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one scrape of {@code /admin/metrics/prometheus}: the page rendered into a buffer
 * for a router with {@code clients} clients and as many services, each scope with the metrics
 * the router makes for it (request stats with 200s and 500s, balancer gauges and counters,
 * failure accrual, retries), plus the process gauges. Run with
 * {@code src/test/bench/prom-jmh.sh} (adds -prof gc).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PrometheusScrapeBenchmark {
  @Param({"100", "1000"})
  public int clients;

  private TelemeterPage page;

  @Setup
  public void setUp() {
    Metrics root = Metrics.newTree();
    ProcessGauges.register(root);
    Metrics rt = root.scope("rt", "outgoing");
    traffic(new RequestStats(rt.scope("server", "0.0.0.0/4140")), 1000);
    for (int i = 0; i < clients; i++) {
      Metrics client = rt.scope("client", "%/io.l5d.k8s.daemonset/default/incoming/l5d/#"
          + "/io.l5d.k8s/default/http/service-" + i);
      traffic(new RequestStats(client), i);
      for (String name : new String[] {"loadbalancer/adds", "loadbalancer/removes",
          "loadbalancer/max_effort_exhausted", "failure_accrual/removals",
          "failure_accrual/revivals", "failure_accrual/probes", "failure_accrual/removed_for_ms",
          "retries/requeues"}) {
        client.counter(name).inc(i % 3);
      }
      for (String name : new String[] {"loadbalancer/size", "loadbalancer/available",
          "loadbalancer/busy", "loadbalancer/closed", "loadbalancer/load"}) {
        client.gauge(name, () -> 3);
      }
      Metrics service = rt.scope("service", "/svc/service-" + i);
      traffic(new RequestStats(service), i);
      service.counter("retries/total").inc(i % 2);
      service.counter("retries/budget_exhausted");
    }
    page = new PrometheusTelemeterPlugin()
        .newTelemeter(PrometheusTelemeterPlugin.Config.defaults(), root)
        .adminPages().get(PrometheusTelemeterPlugin.DEFAULT_PATH);
  }

  /** Requests ending 200 (most), 500 and 503, with latencies from 1 to 40 ms. */
  private static void traffic(RequestStats stats, int seed) {
    for (int n = 0; n < 50; n++) {
      stats.started();
      int status = n % 10 == 9 ? 500 : (n + seed) % 25 == 0 ? 503 : 200;
      stats.ended(status, TimeUnit.MILLISECONDS.toNanos(1 + (n * 7 + seed) % 40));
    }
  }

  @Benchmark
  public StringBuilder scrape() {
    StringBuilder out = new StringBuilder(16 * 1024);
    page.render(out);
    return out;
  }
}
