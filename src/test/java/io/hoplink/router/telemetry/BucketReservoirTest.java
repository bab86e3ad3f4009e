package io.hoplink.router.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Snapshot;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BucketReservoirTest {
  private long now = 1_000_000_000L;
  private final BucketReservoir reservoir = new BucketReservoir(() -> now);

  @Test
  void bucketsTileTheRangeWithoutGapsOrOverlaps() {
    assertEquals(336, BucketReservoir.BUCKETS, "two windows of 336 ints: 2.7 KB however busy");
    long next = 0;
    for (int i = 0; i < BucketReservoir.BUCKETS; i++) {
      assertEquals(next, BucketReservoir.lowest(i), "bucket " + i);
      long last = next + BucketReservoir.width(i) - 1;
      assertEquals(i, BucketReservoir.index(next));
      assertEquals(i, BucketReservoir.index(last));
      next = last + 1;
    }
    assertEquals(BucketReservoir.MAX_VALUE + 1, next);
    assertEquals(BucketReservoir.BUCKETS - 1, BucketReservoir.index(Long.MAX_VALUE));
    assertEquals(0, BucketReservoir.index(-5));
  }

  @Test
  void smallValuesReadBackExactlyAndLargeOnesWithinOneThirtySecond() {
    for (long v = 0; v < BucketReservoir.EXACT; v++) {
      BucketReservoir one = new BucketReservoir(() -> now);
      one.update(v);
      Snapshot s = one.getSnapshot();
      assertEquals(v, (long) s.getValue(0.5));
      assertEquals(v, s.getMax());
      assertEquals(v, s.getMin());
    }
    Random random = new Random(7);
    for (int n = 0; n < 100_000; n++) {
      long v = BucketReservoir.EXACT + (long) (random.nextDouble() * random.nextDouble()
          * (BucketReservoir.MAX_VALUE - BucketReservoir.EXACT));
      int i = BucketReservoir.index(v);
      long middle = BucketReservoir.lowest(i) + (BucketReservoir.width(i) - 1) / 2;
      assertTrue(Math.abs(middle - v) <= v / 32.0, v + " read back as " + middle);
    }
  }

  @Test
  void quantilesOfAKnownSpread() {
    for (long v = 1; v <= 10_000; v++) {
      reservoir.update(v);
    }
    Snapshot s = reservoir.getSnapshot();
    assertEquals(10_000, s.size());
    assertNear(5_000, s.getValue(0.5));
    assertNear(9_000, s.getValue(0.9));
    assertNear(9_900, s.getValue(0.99));
    assertNear(9_999, s.getValue(0.9999));
    assertEquals(1, s.getMin());
    assertTrue(s.getMax() >= 10_000 && s.getMax() <= 10_000 * 33 / 32, "max " + s.getMax());
    assertNear(5_000, s.getMean());
    assertEquals(10_000, s.getValues().length);
  }

  private static void assertNear(double expected, double actual) {
    assertTrue(Math.abs(actual - expected) <= expected / 32.0, actual + " for " + expected);
  }

  @Test
  void valuesLastTheirWindowAndTheNextThenGo() {
    long minute = BucketReservoir.WINDOW_NANOS;
    reservoir.update(7);
    now += minute - 1;
    assertEquals(1, reservoir.size(), "still in the first window");
    now += 1;
    reservoir.update(9);
    Snapshot both = reservoir.getSnapshot();
    assertEquals(2, both.size(), "the window before is kept");
    assertEquals(7, both.getMin());
    now += minute;
    Snapshot last = reservoir.getSnapshot();
    assertEquals(1, last.size(), "the first value is two windows old");
    assertEquals(9, last.getMin());
    now += TimeUnit.MINUTES.toNanos(30);
    assertEquals(0, reservoir.size(), "an idle stat empties");
    assertEquals(0, (long) reservoir.getSnapshot().getValue(0.99));
    reservoir.update(3);
    assertEquals(3, reservoir.getSnapshot().getMax());
  }

  @Test
  void aLongIdleGapDropsTheValuesBeforeIt() {
    reservoir.update(11);
    now += BucketReservoir.WINDOW_NANOS * 2 + 5;
    reservoir.update(12);
    Snapshot s = reservoir.getSnapshot();
    assertEquals(1, s.size());
    assertEquals(12, s.getMin());
  }
}
