package io.hoplink.router.resilience.accrual;

import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.FailureAccrualPolicy;

/** Removes an endpoint after {@code failures} failures in a row. */
final class ConsecutiveFailuresPolicy implements FailureAccrualPolicy {
  private final int failures;
  private final Backoff backoff;
  private Backoff.Schedule schedule;
  private int consecutive;

  ConsecutiveFailuresPolicy(int failures, Backoff backoff) {
    if (failures <= 0) {
      throw new IllegalArgumentException("failures: " + failures + " (expected: > 0)");
    }
    this.failures = failures;
    this.backoff = backoff;
    this.schedule = backoff.start();
  }

  @Override
  public void recordSuccess() {
    consecutive = 0;
  }

  @Override
  public long markDeadOnFailure() {
    consecutive++;
    return consecutive >= failures ? schedule.nextMillis() : -1;
  }

  @Override
  public void revived() {
    consecutive = 0;
    schedule = backoff.start();
  }
}
