package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Values made on first use and found with one map lookup after that, bounded in number and
 * dropped when idle, so names a client makes up (a per-request dtab can name anything) cannot
 * grow memory without end. Eviction is scanned only when a value is added or a sweep is due.
 */
final class BoundedCache<K, V> {
  private static final class Entry<V> {
    final V value;
    volatile long lastUsed;

    Entry(V value, long now) {
      this.value = value;
      this.lastUsed = now;
    }
  }

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final Consumer<V> onEvict;
  private volatile long lastSweep;

  BoundedCache(int maxEntries, Duration idle, LongSupplier nanoTime, Consumer<V> onEvict) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
    }
    this.maxEntries = maxEntries;
    this.idleNanos = idle.toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.onEvict = requireNonNull(onEvict, "onEvict");
    this.lastSweep = nanoTime.getAsLong();
  }

  V get(K key, Function<? super K, ? extends V> make) {
    long now = nanoTime.getAsLong();
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      boolean[] made = new boolean[1];
      entry = entries.computeIfAbsent(key, k -> {
        made[0] = true;
        return new Entry<>(make.apply(k), now);
      });
      if (made[0] && entries.size() > maxEntries) {
        evictOldest(key);
      }
    }
    entry.lastUsed = now;
    if (now - lastSweep > idleNanos / 2) {
      sweep(now);
    }
    return entry.value;
  }

  int size() {
    return entries.size();
  }

  void forEach(java.util.function.BiConsumer<K, V> action) {
    entries.forEach((k, e) -> action.accept(k, e.value));
  }

  void clear() {
    clear((k, v) -> onEvict.accept(v));
  }

  /** Removes every entry, handing each to {@code close} instead of the eviction callback. */
  void clear(java.util.function.BiConsumer<K, V> close) {
    entries.forEach((k, e) -> {
      if (entries.remove(k, e)) {
        close.accept(k, e.value);
      }
    });
  }

  /** Moves the entry of {@code key} from {@code from} here, unless this cache has one. */
  boolean takeFrom(BoundedCache<K, V> from, K key, long now) {
    Entry<V> entry = from.entries.get(key);
    if (entry == null || entries.putIfAbsent(key, new Entry<>(entry.value, now)) != null) {
      return false;
    }
    if (!from.entries.remove(key, entry)) {
      entries.remove(key); // the other cache evicted it meanwhile: closed, not to be used
      return false;
    }
    return true;
  }

  boolean contains(K key) {
    return entries.containsKey(key);
  }

  private void sweep(long now) {
    lastSweep = now;
    entries.forEach((k, e) -> {
      if (now - e.lastUsed > idleNanos && entries.remove(k, e)) {
        onEvict.accept(e.value);
      }
    });
  }

  private void evictOldest(K keep) {
    while (entries.size() > maxEntries) {
      K oldest = null;
      Entry<V> oldestEntry = null;
      for (Map.Entry<K, Entry<V>> e : entries.entrySet()) {
        if (!e.getKey().equals(keep)
            && (oldestEntry == null || e.getValue().lastUsed - oldestEntry.lastUsed < 0)) {
          oldest = e.getKey();
          oldestEntry = e.getValue();
        }
      }
      if (oldest == null || !entries.remove(oldest, oldestEntry)) {
        return;
      }
      onEvict.accept(oldestEntry.value);
    }
  }
}
