package io.hoplink.router.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {
  @Test
  void theSortedSnapshotIsKeptUntilAMetricIsAddedOrRemoved() {
    Metrics tree = Metrics.newTree();
    Metrics client = tree.scope("rt", "out", "client", "$/inet/b/80");
    client.counter("requests").inc();
    Metrics other = tree.scope("rt", "out", "client", "$/inet/a/80");
    other.gauge("pending", () -> 2);
    SortedMap<String, Metric> first = tree.snapshot();
    assertEquals(List.of("rt/out/client/$/inet/a/80/pending", "rt/out/client/$/inet/b/80/requests"),
        List.copyOf(first.keySet()));

    client.counter("requests").inc(); // a value changes, not the set of metrics
    other.gauge("pending", () -> 3); // registered again: the same metric, a new source
    SortedMap<String, Metric> same = client.snapshot();
    assertSame(first, same, "any scope reads the one kept snapshot of the tree");
    assertEquals(2, ((Counter) same.get("rt/out/client/$/inet/b/80/requests")).getCount());

    client.counter("retries");
    SortedMap<String, Metric> added = tree.snapshot();
    assertNotSame(first, added);
    assertEquals(3, added.size());
    client.removeAll();
    assertEquals(List.of("rt/out/client/$/inet/a/80/pending"), List.copyOf(tree.snapshot().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> tree.snapshot().clear());
  }
}
