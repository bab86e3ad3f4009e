package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
  private final AtomicLong clock = new AtomicLong();
  private final List<String> evicted = new ArrayList<>();
  private final BoundedCache<String, String> cache =
      new BoundedCache<>(3, Duration.ofSeconds(10), clock::get, evicted::add);

  @Test
  void aValueIsMadeOnceAndFoundAfterThat() {
    String first = cache.get("a", k -> new String("value-" + k));
    assertSame(first, cache.get("a", k -> "other"));
    assertEquals(1, cache.size());
  }

  @Test
  void pastTheBoundTheLeastRecentlyUsedValueIsEvicted() {
    for (String key : List.of("a", "b", "c")) {
      clock.addAndGet(1_000);
      cache.get(key, k -> k);
    }
    clock.addAndGet(1_000);
    cache.get("a", k -> k); // a is now the most recently used
    clock.addAndGet(1_000);
    cache.get("d", k -> k);
    assertEquals(List.of("b"), evicted);
    assertEquals(3, cache.size());
  }

  @Test
  void idleValuesAreEvictedWhenTheCacheIsNextUsed() {
    cache.get("a", k -> k);
    cache.get("b", k -> k);
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    cache.get("b", k -> k);
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    cache.get("c", k -> k);
    assertEquals(List.of("a"), evicted);
    assertEquals(2, cache.size());
  }

  @Test
  void clearEvictsEverything() {
    cache.get("a", k -> k);
    cache.get("b", k -> k);
    cache.clear();
    assertEquals(0, cache.size());
    assertEquals(2, evicted.size());
  }
}
