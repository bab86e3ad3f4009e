package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.router.telemetry.Metrics;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {
  private static String tree(Metrics metrics, String q, boolean pretty) {
    StringBuilder out = new StringBuilder();
    MetricsJson.tree(metrics, q, pretty, out);
    return out.toString();
  }

  private static String flat(Metrics metrics, String q, boolean pretty) {
    StringBuilder out = new StringBuilder();
    MetricsJson.flat(metrics, q, pretty, out);
    return out.toString();
  }

  @Test
  void treeNestsBySegmentWithANodesOwnFieldsAmongItsChildrenInNameOrder() {
    Metrics metrics = Metrics.newTree();
    metrics.scope("rt", "out").counter("requests").inc(3);
    metrics.scope("rt", "out").counter("requests/retried").inc(1);
    metrics.scope("rt", "out").stat("idle_ms");
    metrics.scope("rt", "out").stat("latency_ms").add(4);
    metrics.scope("rt", "out").gauge("broken", () -> { throw new IllegalStateException(); });
    metrics.scope("c").counter("x").inc(5);
    metrics.scope("c").counter("x/counter").inc(6); // named as x's own field: left out
    metrics.scope("c").counter("x/counter/deeper").inc(7); // and so is what is under it
    metrics.scope("c").counter("x/a").inc(8); // a child that sorts before x's own field
    assertEquals("{\"c\":{\"x\":{\"a\":{\"counter\":8},\"counter\":5}},\"rt\":{\"out\":{\"broken\":{},"
        + "\"idle_ms\":{\"stat.count\":0},\"latency_ms\":{\"stat.avg\":4.0,\"stat.count\":1,"
        + "\"stat.max\":4,\"stat.min\":4,\"stat.p50\":4,\"stat.p90\":4,\"stat.p95\":4,"
        + "\"stat.p99\":4,\"stat.p9990\":4,\"stat.p9999\":4,\"stat.sum\":4},"
        + "\"requests\":{\"counter\":3,\"retried\":{\"counter\":1}}}}}", tree(metrics, null, false));
    assertEquals("{\"rt\":{\"out\":{\"requests\":{\"counter\":3,\"retried\":{\"counter\":1}}}}}",
        tree(metrics, "requests", false));
  }

  @Test
  void siblingsAreInNameOrderAtEveryLevelWhateverSortsBeforeTheSlash() {
    Metrics metrics = Metrics.newTree();
    // flat order: a#b/x < a-b/x < a.b/x < a/y; nested order: a < a#b < a-b < a.b
    for (String name : new String[] {"a/y", "a.b/x", "a-b/x", "a#b/x", "a/y-z/w", "a/y/w"}) {
      metrics.counter(name).inc(name.length());
    }
    assertEquals("{\"a\":{\"y\":{\"counter\":3,\"w\":{\"counter\":5}},"
        + "\"y-z\":{\"w\":{\"counter\":7}}},\"a#b\":{\"x\":{\"counter\":5}},"
        + "\"a-b\":{\"x\":{\"counter\":5}},\"a.b\":{\"x\":{\"counter\":5}}}",
        tree(metrics, null, false));
  }

  @Test
  void prettyIndentsByTwoSpacesAsEveryOtherPage() {
    Metrics metrics = Metrics.newTree();
    metrics.scope("a").counter("b").inc(1);
    metrics.scope("a").counter("c").inc(2);
    assertEquals("{\n  \"a\": {\n    \"b\": {\n      \"counter\": 1\n    },\n    \"c\": {\n"
        + "      \"counter\": 2\n    }\n  }\n}\n", tree(metrics, null, true));
    assertEquals("{\n  \"a/b\": 1,\n  \"a/c\": 2\n}\n", flat(metrics, null, true));
    assertEquals("{}\n", tree(metrics, "none", true));
    assertEquals("{}", flat(metrics, "none", true));
  }

  @Test
  void eachRenderFollowsMetricsAddedAndRemovedAndReadsTheirValues() {
    Metrics metrics = Metrics.newTree();
    Metrics client = metrics.scope("rt", "out", "client", "a");
    client.counter("requests").inc();
    assertEquals("{\"rt\":{\"out\":{\"client\":{\"a\":{\"requests\":{\"counter\":1}}}}}}",
        tree(metrics, null, false));
    client.counter("requests").inc();
    metrics.scope("rt", "out", "client", "b").counter("requests").inc(7);
    assertEquals("{\"rt\":{\"out\":{\"client\":{\"a\":{\"requests\":{\"counter\":2}},"
        + "\"b\":{\"requests\":{\"counter\":7}}}}}}", tree(metrics, null, false));
    client.removeAll();
    assertEquals("{\"rt\":{\"out\":{\"client\":{\"b\":{\"requests\":{\"counter\":7}}}}}}",
        tree(metrics, null, false));
  }
}
