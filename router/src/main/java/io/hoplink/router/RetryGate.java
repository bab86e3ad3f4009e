package io.hoplink.router;

import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * The retry step of one request: the next backoff must end before the deadline and the
 * service's budget must hold a retry; then the failed attempt is dropped, the retry counted and
 * the next attempt started after the backoff.
 */
final class RetryGate {
  private Backoff.Schedule backoff;

  /** Starts {@code next} after the backoff and returns true, or returns false: no retry. */
  boolean retry(ServicePolicy service, Deadline deadline, long nowWallNanos, Timers timers,
      Runnable drop, Runnable next) {
    if (backoff == null) {
      backoff = service.retryBackoff().start();
    }
    long delayMs = backoff.nextMillis();
    if (deadline != null
        && deadline.remainingNanos(nowWallNanos) <= TimeUnit.MILLISECONDS.toNanos(delayMs)) {
      return false;
    }
    if (!service.retryBudget().tryWithdraw()) {
      service.budgetExhausted().inc();
      return false;
    }
    drop.run();
    service.retriesTotal().inc();
    if (delayMs <= 0) {
      next.run();
    } else {
      timers.schedule(delayMs, next);
    }
    return true;
  }
}
