package io.hoplink.router.resilience.accrual;

import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.FailureAccrualPolicy;

/**
 * Removes an endpoint whose success rate, an exponentially weighted moving average over about
 * the last {@code requests} requests (starting from 1), falls below {@code successRate}; it
 * judges only once it has seen {@code requests} requests.
 */
final class SuccessRatePolicy implements FailureAccrualPolicy {
  private final double required;
  private final int requests;
  private final double keep;
  private final Backoff backoff;
  private Backoff.Schedule schedule;
  private double average = 1;
  private long seen;

  SuccessRatePolicy(double required, int requests, Backoff backoff) {
    this.required = required;
    this.requests = requests;
    this.keep = Math.exp(-1.0 / requests); // the weight of the old average per request
    this.backoff = backoff;
    this.schedule = backoff.start();
  }

  @Override
  public void recordSuccess() {
    record(1);
  }

  @Override
  public long markDeadOnFailure() {
    record(0);
    return seen >= requests && average < required ? schedule.nextMillis() : -1;
  }

  @Override
  public void revived() {
    average = 1;
    seen = 0;
    schedule = backoff.start();
  }

  private void record(double outcome) {
    average = outcome * (1 - keep) + average * keep; // starts from 1: presumed healthy
    seen++;
  }
}
