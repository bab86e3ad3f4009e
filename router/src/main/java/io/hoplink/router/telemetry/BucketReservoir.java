package io.hoplink.router.telemetry;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.LongSupplier;

/**
 * The recent values of a stat in fixed memory, for its quantiles: a count per log-linear bucket
 * (each value below {@link #EXACT} its own bucket, then {@link #PER_OCTAVE} buckets to each
 * power of two, so a quantile read back is within 1/32 of a value in its bucket), over the
 * current window and the one before it. A value costs one atomic increment, and a stat costs
 * under 3 KB however many values it sees: a sample reservoir of 1028 values cost
 * about 100 KB per stat once full, and a router has a few stats per service and client, so its
 * heap grew with traffic until every reservoir was full (1000 services did not fit in 96 MiB).
 * Values above {@link #MAX_VALUE} count in the last bucket; negative ones as 0.
 */
final class BucketReservoir implements Reservoir {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final int PER_OCTAVE = 16;
  static final int EXACT = 2 * PER_OCTAVE;
  /** In milliseconds, 4.6 hours: the stats are latencies. */
  static final long MAX_VALUE = (1L << 24) - 1;
  /** The exact ones, then the octaves from 2^5 to 2^23 (up to {@link #MAX_VALUE}). */
  static final int BUCKETS = EXACT + (23 - 5 + 1) * PER_OCTAVE;

  private final LongSupplier nanoTime;
  private volatile AtomicIntegerArray current = new AtomicIntegerArray(BUCKETS);
  private volatile AtomicIntegerArray previous = new AtomicIntegerArray(BUCKETS);
  private volatile long rotateAt;

  BucketReservoir() {
    this(System::nanoTime);
  }

  BucketReservoir(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.rotateAt = nanoTime.getAsLong() + WINDOW_NANOS;
  }

  /** The bucket of {@code value}. */
  static int index(long value) {
    long v = Math.min(Math.max(0, value), MAX_VALUE);
    if (v < EXACT) {
      return (int) v;
    }
    int octave = 63 - Long.numberOfLeadingZeros(v); // 5 and up
    int shift = octave - 4; // keeps the top five bits: 16 to 31
    return EXACT + (octave - 5) * PER_OCTAVE + (int) (v >>> shift) - PER_OCTAVE;
  }

  /** The smallest value of bucket {@code index}. */
  static long lowest(int index) {
    if (index < EXACT) {
      return index;
    }
    int octave = 5 + (index - EXACT) / PER_OCTAVE;
    return (long) (PER_OCTAVE + (index - EXACT) % PER_OCTAVE) << (octave - 4);
  }

  /** How many values bucket {@code index} holds. */
  static long width(int index) {
    return index < EXACT ? 1 : 1L << (1 + (index - EXACT) / PER_OCTAVE);
  }

  @Override
  public void update(long value) {
    rotateIfDue(nanoTime.getAsLong());
    current.incrementAndGet(index(value));
  }

  private void rotateIfDue(long now) {
    if (now - rotateAt >= 0) {
      rotate(now);
    }
  }

  private synchronized void rotate(long now) {
    long late = now - rotateAt;
    if (late < 0) {
      return; // another thread rotated first
    }
    AtomicIntegerArray spare = previous;
    for (int i = 0; i < BUCKETS; i++) {
      spare.set(i, 0);
    }
    if (late >= WINDOW_NANOS) {
      // nothing for a whole window: the current values are older than the window before
      AtomicIntegerArray old = current;
      for (int i = 0; i < BUCKETS; i++) {
        old.set(i, 0);
      }
      previous = old;
    } else {
      previous = current;
    }
    current = spare;
    rotateAt = now + WINDOW_NANOS - late % WINDOW_NANOS;
  }

  @Override
  public int size() {
    return getSnapshot().size();
  }

  /**
   * The values of this window and the one before. Read under the rotation's lock, so that a
   * rotation cannot come between reading the two windows and count a window twice (values keep
   * arriving meanwhile: they are counted or not, as at any moment).
   */
  @Override
  public Snapshot getSnapshot() {
    rotateIfDue(nanoTime.getAsLong());
    long[] counts = new long[BUCKETS];
    synchronized (this) {
      for (int i = 0; i < BUCKETS; i++) {
        counts[i] = (long) current.get(i) + previous.get(i);
      }
    }
    return new BucketSnapshot(counts);
  }
}
