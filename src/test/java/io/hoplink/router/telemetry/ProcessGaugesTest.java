package io.hoplink.router.telemetry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process's memory and descriptors, as the metrics show them. */
class ProcessGaugesTest {
  private static long value(Map<String, Metric> metrics, String name) {
    Metric metric = metrics.get(name);
    assertTrue(metric instanceof Gauge<?>, name + " in " + metrics.keySet());
    return ((Number) ((Gauge<?>) metric).getValue()).longValue();
  }

  @Test
  void memoryAndDescriptorsAreGaugedAndMoveWithTheProcess() {
    Metrics root = Metrics.newTree();
    ProcessGauges.register(root);
    Map<String, Metric> before = root.snapshot();
    long direct = value(before, "jvm/mem/buffer/direct/used");
    ByteBuffer held = ByteBuffer.allocateDirect(16 << 20);
    long after = value(root.snapshot(), "jvm/mem/buffer/direct/used");
    // Half of it: buffers of earlier tests in this JVM may be freed meanwhile (in CI, one went
    // between the two readings, and 4 MiB showed as 4 MiB less 17 KB).
    assertTrue(after >= direct + (8 << 20), direct + " -> " + after);
    held.put(0, (byte) 1);

    assertTrue(value(before, "jvm/heap/used") > 0);
    assertTrue(value(before, "jvm/mem/netty/direct/used") >= 0);
    assertTrue(value(before, "process/rss") > 1 << 20, "resident set of a running JVM");
    assertTrue(value(before, "process/rss_peak") >= value(before, "process/rss") / 2);
    assertTrue(value(before, "process/open_fds") > 0);
    assertTrue(value(before, "process/max_fds") >= value(before, "process/open_fds"));
  }
}
