package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.Metrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoundClientBalancerTest {
  private static final String CONFIG = """
      namers: []
      routers:
      - protocol: http
        label: out
        dtab: /svc => /#/io.l5d.fs;
        servers: [{ip: 127.0.0.1, port: 0}]
        client:
          kind: io.l5d.static
          configs:
          - prefix: /#/io.l5d.fs/slow
            loadBalancer: {kind: ewma, decayTimeMs: 2000, maxEffort: 2}
          - prefix: /#/io.l5d.fs/wide
            loadBalancer: {kind: aperture, minAperture: 2}
      """;

  private final Metrics metrics = Metrics.newTree();
  private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
  private final RouterRuntime runtime = runtime();

  private RouterRuntime runtime() {
    var router = HoplinkConfig.load(CONFIG, Main.plugins()).routers().get(0);
    var random = new SplittableRandom(1);
    return new RouterRuntime(router, metrics, random, System::nanoTime,
        new ResiliencePolicies(router, Main.plugins(), vertx, random, System::nanoTime));
  }

  @org.junit.jupiter.api.AfterEach
  void closeVertx() {
    runtime.close();
    vertx.close();
  }

  private static Name.Bound bound(String id, Var<Addr> addr) {
    return new Name.Bound(Path.read(id), Path.empty(), addr);
  }

  @Test
  void eachClientBuildsTheBalancerItsPrefixConfigNames() {
    Var<Addr> addr = Var.value(new Addr.Bound(Set.of(Address.of("127.0.0.1", 1))));
    assertTrue(runtime.client(bound("/#/io.l5d.fs/slow", addr)).state().get("loadBalancer")
        .toString().contains("PeakEwma"));
    assertTrue(runtime.client(bound("/#/io.l5d.fs/wide", addr)).state().get("loadBalancer")
        .toString().contains("Aperture"));
    assertTrue(runtime.client(bound("/#/io.l5d.fs/other", addr)).state().get("loadBalancer")
        .toString().contains("LeastLoaded x P2c"));
  }

  @Test
  void balancerStateIsInTheClientMetricsAndState() {
    Var.Settable<Addr> addr = Var.settable(new Addr.Bound(Set.of(
        Address.of("127.0.0.1", 1), Address.of("127.0.0.1", 2), Address.of("127.0.0.1", 3))));
    BoundClient client = runtime.client(bound("/#/io.l5d.fs/slow", addr));
    Node one = pickPort(client, 1);
    one.begin();
    one.begin();
    one.end(4_000_000);
    pickPort(client, 2).status(Node.Status.CLOSED);

    String scope = "rt/out/client/#/io.l5d.fs/slow/loadbalancer/";
    assertEquals(3, gauge(scope + "size"));
    assertEquals(2, gauge(scope + "available"));
    assertEquals(1, gauge(scope + "closed"));
    assertEquals(1, gauge(scope + "load"));

    addr.set(new Addr.Bound(Set.of(Address.of("127.0.0.1", 1), Address.of("127.0.0.1", 4))));

    assertEquals(2, gauge(scope + "size"));
    assertEquals(1, gauge(scope + "load"));
    assertEquals(4L, counter(scope + "adds"));
    assertEquals(2L, counter(scope + "removes"));
    assertEquals(0L, counter(scope + "max_effort_exhausted"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints =
        (List<Map<String, Object>>) client.state().get("endpoints");
    Map<String, Object> first = endpoints.stream()
        .filter(e -> e.get("address").equals("127.0.0.1:1")).findFirst().orElseThrow();
    assertEquals(1, first.get("pending"));
    assertEquals(2L, first.get("requests"));
    assertEquals("open", first.get("status"));
    // 4 ms, decayed over the 2 s decay time by the few real milliseconds this test took.
    assertEquals(4.0, (Double) first.get("ewmaCostMs"), 0.5);
  }

  private static Node pickPort(BoundClient client, int port) {
    for (int i = 0; i < 1_000; i++) {
      Node node = client.pick();
      if (node.address().port() == port) {
        return node;
      }
    }
    throw new AssertionError("port " + port + " never picked");
  }

  private int gauge(String name) {
    return ((Number) ((Gauge<?>) metrics.snapshot().get(name)).getValue()).intValue();
  }

  private long counter(String name) {
    return ((Counter) metrics.snapshot().get(name)).getCount();
  }
}
