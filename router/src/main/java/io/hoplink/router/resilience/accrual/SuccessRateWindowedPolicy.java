package io.hoplink.router.resilience.accrual;

import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import java.util.function.LongSupplier;

/**
 * Removes an endpoint whose success rate over the last {@code window} falls below
 * {@code successRate}, once the window holds at least {@value #MIN_REQUESTS} requests (Finagle's
 * threshold). The window slides in tenths.
 */
final class SuccessRateWindowedPolicy implements FailureAccrualPolicy {
  static final int MIN_REQUESTS = 5;
  private static final int SLICES = 10;

  private final double required;
  private final long sliceNanos;
  private final LongSupplier nanoTime;
  private final Backoff backoff;
  private final long[] successes = new long[SLICES];
  private final long[] totals = new long[SLICES];
  private Backoff.Schedule schedule;
  private int current;
  private long currentStart;

  SuccessRateWindowedPolicy(double required, long windowNanos, Backoff backoff,
      LongSupplier nanoTime) {
    this.required = required;
    this.sliceNanos = Math.max(1, windowNanos / SLICES);
    this.nanoTime = nanoTime;
    this.backoff = backoff;
    this.schedule = backoff.start();
    this.currentStart = nanoTime.getAsLong();
  }

  @Override
  public void recordSuccess() {
    advance();
    successes[current]++;
    totals[current]++;
  }

  @Override
  public long markDeadOnFailure() {
    advance();
    totals[current]++;
    long ok = 0;
    long all = 0;
    for (int i = 0; i < SLICES; i++) {
      ok += successes[i];
      all += totals[i];
    }
    return all >= MIN_REQUESTS && ok < required * all ? schedule.nextMillis() : -1;
  }

  @Override
  public void revived() {
    java.util.Arrays.fill(successes, 0);
    java.util.Arrays.fill(totals, 0);
    schedule = backoff.start();
  }

  private void advance() {
    long elapsed = (nanoTime.getAsLong() - currentStart) / sliceNanos;
    if (elapsed <= 0) {
      return;
    }
    for (long i = 0; i < Math.min(elapsed, SLICES); i++) {
      current = (current + 1) % SLICES;
      successes[current] = 0;
      totals[current] = 0;
    }
    currentStart += elapsed * sliceNanos;
  }
}
