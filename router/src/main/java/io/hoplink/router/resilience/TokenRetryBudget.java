package io.hoplink.router.resilience;

import java.util.function.LongSupplier;

/** A {@link RetryBudget} over a sliding window of ten slices of {@code ttl / 10} each. */
final class TokenRetryBudget implements RetryBudget {
  /** One retry, in the units the window counts; a deposit is a fraction of it. */
  private static final long TOKEN = 1000;
  private static final int SLICES = 10;

  private final long deposit;
  private final long reserve;
  private final long sliceNanos;
  private final LongSupplier nanoTime;
  private final long[] slices = new long[SLICES];
  private int current;
  private long currentStart;

  TokenRetryBudget(long ttlNanos, int minRetriesPerSec, double percentCanRetry,
      LongSupplier nanoTime) {
    if (ttlNanos < SLICES) {
      throw new IllegalArgumentException("ttl: " + ttlNanos + " ns (expected: >= 10)");
    }
    if (minRetriesPerSec < 0 || !(percentCanRetry >= 0)) {
      throw new IllegalArgumentException("minRetriesPerSec " + minRetriesPerSec
          + ", percentCanRetry " + percentCanRetry + " (expected: >= 0)");
    }
    this.deposit = Math.round(percentCanRetry * TOKEN);
    this.reserve = (long) minRetriesPerSec * TOKEN * Math.max(1, ttlNanos / 1_000_000_000L);
    this.sliceNanos = ttlNanos / SLICES;
    this.nanoTime = nanoTime;
    this.currentStart = nanoTime.getAsLong();
  }

  @Override
  public synchronized void deposit() {
    advance();
    slices[current] += deposit;
  }

  @Override
  public synchronized boolean tryWithdraw() {
    advance();
    if (sum() + reserve < TOKEN) {
      return false;
    }
    slices[current] -= TOKEN;
    return true;
  }

  @Override
  public synchronized long balance() {
    advance();
    return Math.max(0, (sum() + reserve) / TOKEN);
  }

  private long sum() {
    long total = 0;
    for (long slice : slices) {
      total += slice;
    }
    return total;
  }

  /** Moves to the slice that holds now, clearing the slices that fell out of the window. */
  private void advance() {
    long elapsed = (nanoTime.getAsLong() - currentStart) / sliceNanos;
    if (elapsed <= 0) {
      return;
    }
    for (long i = 0; i < Math.min(elapsed, SLICES); i++) {
      current = (current + 1) % SLICES;
      slices[current] = 0;
    }
    currentStart += elapsed * sliceNanos;
  }

  @Override
  public String toString() {
    return "RetryBudget(balance=" + balance() + ")";
  }
}
