package io.hoplink.router.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private static long ms(double ms) {
    return Math.round(ms * 1_000_000);
  }

  @Test
  void boundsRunFromOneMillisecondToTenSeconds() {
    assertEquals(List.of(1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L,
        10000L), LatencyHistogram.boundsMs());
  }

  @Test
  void countsAreCumulativeWithInclusiveBoundsAndEndInTheTotal() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long nanos : new long[] {ms(0.2), ms(1), ms(1.5), ms(7), ms(7), ms(240), ms(20_000),
        -5}) {
      histogram.record(nanos);
    }
    //                   1  2  5  10 25 50 100 250 500 1s 2.5s 5s 10s +Inf
    assertArrayEquals(new long[] {3, 4, 4, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 8},
        histogram.cumulativeCounts());
    assertEquals(ms(0.2) + ms(1) + ms(1.5) + ms(7) * 2 + ms(240) + ms(20_000),
        histogram.sumNanos());
  }

  @Test
  void aLatencyStatKeepsMillisecondsAndExactBuckets() {
    Stat stat = Metrics.newTree().latencyStat("request_latency_ms");
    stat.addNanos(TimeUnit.MICROSECONDS.toNanos(1500));
    assertEquals(1, stat.count());
    assertEquals(1, stat.sum(), "whole milliseconds, as Linkerd");
    assertEquals(0, stat.buckets().cumulativeCounts()[0], "1.5 ms is above the 1 ms bound");
    assertEquals(1, stat.buckets().cumulativeCounts()[1]);
    assertEquals(null, Metrics.newTree().stat("plain").buckets());
  }
}
