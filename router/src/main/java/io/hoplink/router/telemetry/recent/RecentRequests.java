package io.hoplink.router.telemetry.recent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;

/**
 * A bounded ring of the most recent sampled requests (Linkerd's {@code io.l5d.recentRequests}).
 * On the request path: {@link #sampled()} is one random draw, and {@link #add} one slot write;
 * no lock, and the oldest entry is overwritten.
 */
public final class RecentRequests {
  private final double sampleRate;
  private final DoubleSupplier random;
  private final AtomicReferenceArray<RecentRequest> slots;
  private final AtomicLong next = new AtomicLong();

  /** A ring of {@code capacity} entries keeping {@code sampleRate} of the requests. */
  public static RecentRequests of(double sampleRate, int capacity) {
    return new RecentRequests(sampleRate, capacity,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As {@link #of}, drawing from {@code random} (uniform in [0, 1)). */
  public RecentRequests(double sampleRate, int capacity, DoubleSupplier random) {
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sampleRate " + sampleRate + " (expected: 0.0 to 1.0)");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " (expected: > 0)");
    }
    this.sampleRate = sampleRate;
    this.random = random;
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  /** Whether the request now ending is kept: one draw against the sample rate. */
  public boolean sampled() {
    return random.getAsDouble() < sampleRate;
  }

  /** Keeps {@code request}, overwriting the oldest once the ring is full. */
  public void add(RecentRequest request) {
    slots.set((int) (next.getAndIncrement() % slots.length()), request);
  }

  /** The requests kept, newest first. */
  public List<RecentRequest> newestFirst() {
    long end = next.get();
    int n = (int) Math.min(end, slots.length());
    List<RecentRequest> out = new ArrayList<>(n);
    for (long i = end - 1; i >= end - n; i--) {
      RecentRequest r = slots.get((int) (i % slots.length()));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  public double sampleRate() {
    return sampleRate;
  }

  public int capacity() {
    return slots.length();
  }

  /** How many requests were kept since the start (older ones were overwritten). */
  public long recorded() {
    return next.get();
  }
}
